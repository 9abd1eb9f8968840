"""A verification that never ends, for the sandbox time-limit test; imports nothing heavy, so the
limited child can load it within its memory limit."""

import time


def sleepy(*args):
    time.sleep(30)
