"""The e-mail channel: a municipality's mailbox read over IMAP and answered over SMTP."""
