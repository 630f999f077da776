# Runs wapiti 3.0.4 (Debian's package) with one fix: its exclusion patterns (-x) put the regex flags
# at the end ("\Z(?ms)"), which Python 3.11 refuses, so any -x crashed the scan. Used by scripts/scan.mjs.
import re
import sys
from importlib.metadata import distribution

import wapitiCore.net.crawler as crawler


def wildcard_translate(pattern):
    return re.compile('(?ms)' + '.*'.join(re.escape(part) for part in pattern.split('*')) + r'\Z')


crawler.wildcard_translate = wildcard_translate
entry = next(e for e in distribution('wapiti3').entry_points if e.group == 'console_scripts' and e.name == 'wapiti')
sys.argv[0] = 'wapiti'
sys.exit(entry.load()())
