"""A real mail server for the e-mail tests: Dovecot (IMAP with IDLE, LMTP) and OpenSMTPD, started per test session.

Everything listens on 127.0.0.1 on free ports and lives in a temporary directory:
- Dovecot runs rootless (as the current user, or as `nobody` when the tests run as root), with a passwd-file of
  test users and maildirs; IMAP with STARTTLS and IMAPS with a self-signed certificate made here, LMTP on a UNIX
  socket.
- OpenSMTPD must start as root (it drops to its own users); its spool and control socket paths are compiled in,
  so it runs in a private mount namespace (`unshare --mount`) where a temporary directory is bound over
  /var/spool and /run: it can never meet the system's own instance, nor another test session's. It delivers the
  test domains (comune.test, example.test) to Dovecot over LMTP; nothing is relayed outside.

Use the `mailserver` fixture (session scope). Without the binaries the tests skip, except under CI (CI=true),
where a missing server is a failure: .ci/run installs dovecot-imapd, dovecot-lmtpd and opensmtpd.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import smtplib
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest

PASSWORD = "segreta-di-prova"
USERS = ("urp@comune.test", "cittadino@example.test", "altro@example.test", "lucia.serra@example.test")
DOMAINS = ("comune.test", "example.test")


@dataclass
class MailServer:
    root: Path
    imap_port: int  # STARTTLS offered
    imaps_port: int  # TLS from the start
    smtp_port: int
    users: tuple[str, ...] = USERS
    password: str = PASSWORD
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def smtp_url(self) -> str:
        return f"smtp://127.0.0.1:{self.smtp_port}"

    def imap_url(self, user: str, folder: str = "INBOX", *, implicit_tls: bool = False) -> str:
        """Logins go over STARTTLS (or TLS with `implicit_tls`); the certificate is self-signed: verify=no."""
        scheme, port = ("imaps", self.imaps_port) if implicit_tls else ("imap", self.imap_port)
        credentials = f"{quote(user, safe='')}:{quote(self.password, safe='')}"
        return f"{scheme}://{credentials}@127.0.0.1:{port}/{folder}?verify=no"

    def imap(self, user: str):  # type: ignore[no-untyped-def]
        """A logged-in IMAPClient for `user` (the caller logs out)."""
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=self.imap_port, ssl=False, timeout=10)
        client.login(user, self.password)
        return client

    def deliver(self, message: EmailMessage | bytes, *, sender: str, recipients: list[str]) -> None:
        """Hand a message to OpenSMTPD over SMTP, as any other mail server on the Internet would."""
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as client:
            raw = message.as_bytes() if isinstance(message, EmailMessage) else message
            client.sendmail(sender, recipients, raw)

    def wait_for(self, user: str, predicate, timeout: float = 15.0, folder: str = "INBOX") -> list[tuple[int, bytes, tuple]]:  # type: ignore[no-untyped-def]
        """Wait until `predicate(list of (uid, raw, flags))` holds in the user's folder; returns that list."""
        deadline = time.monotonic() + timeout
        found: list[tuple[int, bytes, tuple]] = []
        while time.monotonic() < deadline:
            client = self.imap(user)
            try:
                client.select_folder(folder, readonly=True)
                uids = client.search("ALL")
                data = client.fetch(uids, ["BODY.PEEK[]", "FLAGS"]) if uids else {}
                found = [(uid, data[uid][b"BODY[]"], data[uid][b"FLAGS"]) for uid in sorted(data)]
            finally:
                client.logout()
            if predicate(found):
                return found
            time.sleep(0.2)
        raise AssertionError(f"mailbox {user} never reached the expected state: {len(found)} messages")

    def empty(self, user: str, folder: str = "INBOX") -> None:
        client = self.imap(user)
        try:
            client.select_folder(folder)
            uids = client.search("ALL")
            if uids:
                client.delete_messages(uids)
                client.expunge()
        finally:
            client.logout()


def _self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 so that logins travel over STARTTLS / TLS as in production (clients: ?verify=no)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    cert_path.chmod(0o644)
    key_path.chmod(0o600)
    return cert_path, key_path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _logs(*paths: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-2000:] for p in paths if p.exists())


def _wait_port(port: int, process: subprocess.Popen, *logs: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}): {_logs(*logs)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}: {_logs(*logs)}")


def _missing() -> str:
    needed = {"dovecot": "/usr/sbin/dovecot", "dovecot lmtp": "/usr/lib/dovecot/lmtp", "smtpd": "/usr/sbin/smtpd",
              "unshare": shutil.which("unshare") or "/usr/bin/unshare"}
    absent = [name for name, path in needed.items() if not Path(path).exists()]
    if absent:
        return "not installed: " + ", ".join(absent)
    if os.geteuid() != 0:
        return "OpenSMTPD must be started as root (it drops privileges itself)"
    return ""


def _dovecot_conf(root: Path, imap_port: int, imaps_port: int, user: str, group: str) -> str:
    return f"""
base_dir = {root}/dovecot/run
state_dir = {root}/dovecot/state
log_path = {root}/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/dovecot/cert.pem
ssl_key = <{root}/dovecot/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = 0
mail_location = maildir:{root}/mail/%d/%n
mail_uid = {user}
mail_gid = {group}
lmtp_save_to_detail_mailbox = no
imap_idle_notify_interval = 1 secs
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/dovecot/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/dovecot/users
  default_fields = home={root}/mail/%d/%n
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
service lmtp {{
  unix_listener lmtp {{
    mode = 0666
  }}
}}
service anvil {{
  chroot =
}}
service auth {{
  unix_listener auth-userdb {{
    mode = 0666
  }}
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Trash {{
    special_use = \\Trash
    auto = create
  }}
  mailbox Acquisiti {{
    auto = create
  }}
}}
"""


def _smtpd_conf(root: Path, smtp_port: int, delivery_user: str) -> str:
    domains = ", ".join(f'"{d}"' for d in DOMAINS)
    return f"""
table vusers file:{root}/smtpd/vusers
listen on 127.0.0.1 port {smtp_port}
action "local" lmtp "{root}/dovecot/run/lmtp" rcpt-to virtual <vusers> user {delivery_user}
match from any for domain {{ {domains} }} action "local"
"""


def start() -> MailServer:
    root = Path(tempfile.mkdtemp(prefix="sportello-mail-"))
    server = MailServer(root=root, imap_port=_free_port(), imaps_port=_free_port(), smtp_port=_free_port())
    try:
        _start(server)
    except BaseException:
        stop(server)  # whatever did start, and the directory
        raise
    return server


def _start(server: MailServer) -> None:
    root = server.root
    root.chmod(0o755)
    if os.geteuid() == 0:
        run_as = pwd.getpwnam("nobody")
    else:
        run_as = pwd.getpwuid(os.geteuid())
    user, group = run_as.pw_name, grp.getgrgid(run_as.pw_gid).gr_name

    for sub in ("dovecot/run", "dovecot/state", "mail"):
        (root / sub).mkdir(parents=True)
    _self_signed(root / "dovecot")
    (root / "dovecot" / "users").write_text("".join(f"{u}:{{PLAIN}}{PASSWORD}::::::\n" for u in USERS))
    (root / "dovecot" / "dovecot.conf").write_text(_dovecot_conf(root, server.imap_port, server.imaps_port, user, group))
    for path in [root / "dovecot", root / "dovecot" / "run", root / "dovecot" / "state", root / "mail"]:
        os.chown(path, run_as.pw_uid, run_as.pw_gid)
        path.chmod(0o755)
    (root / "dovecot" / "dovecot.conf").chmod(0o644)  # the process umask may be strict (key files)
    for name in ("users", "cert.pem", "key.pem"):
        os.chown(root / "dovecot" / name, run_as.pw_uid, run_as.pw_gid)
    (root / "dovecot.log").touch()
    os.chown(root / "dovecot.log", run_as.pw_uid, run_as.pw_gid)
    dovecot = subprocess.Popen(
        ["/usr/sbin/dovecot", "-F", "-c", str(root / "dovecot" / "dovecot.conf")],
        user=run_as.pw_uid if os.geteuid() == 0 else None,
        group=run_as.pw_gid if os.geteuid() == 0 else None,
        extra_groups=[] if os.geteuid() == 0 else None,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(root / "dovecot.stderr", "wb"),
        start_new_session=True,
    )
    server.processes.append(dovecot)
    _wait_port(server.imap_port, dovecot, root / "dovecot.log", root / "dovecot.stderr")
    deadline = time.monotonic() + 10
    while not (root / "dovecot" / "run" / "lmtp").exists():
        if time.monotonic() > deadline:
            raise RuntimeError("Dovecot's LMTP socket never appeared")
        time.sleep(0.1)

    smtpd_dir = root / "smtpd"
    for sub in ("", "spool", "run"):
        (smtpd_dir / sub).mkdir(exist_ok=True)
    (smtpd_dir / "vusers").write_text("".join(f"{u} {user}\n" for u in USERS))
    conf = smtpd_dir / "smtpd.conf"
    conf.write_text(_smtpd_conf(root, server.smtp_port, user))
    for path in (smtpd_dir, smtpd_dir / "spool", smtpd_dir / "run"):
        path.chmod(0o755)
    for path in (conf, smtpd_dir / "vusers"):
        path.chmod(0o644)
    # Private mounts: this smtpd's spool and control socket are its own (compiled-in paths).
    script = (
        f"mount --bind {smtpd_dir / 'spool'} /var/spool && mount --bind {smtpd_dir / 'run'} /run && "
        f"exec /usr/sbin/smtpd -d -f {conf}"
    )
    smtpd = subprocess.Popen(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        stdout=open(root / "smtpd.log", "wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    server.processes.append(smtpd)
    _wait_port(server.smtp_port, smtpd, root / "smtpd.log")


def stop(server: MailServer) -> None:
    for process in reversed(server.processes):
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
    shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(scope="session")
def mailserver():
    missing = _missing()
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the e-mail tests need a real mail server under CI: {missing}")
        pytest.skip(f"no mail server for the e-mail tests ({missing}); .ci/run installs it")
    server = start()
    try:
        yield server
    finally:
        stop(server)
