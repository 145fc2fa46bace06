import sys

from sportello.cli import main

sys.exit(main())
