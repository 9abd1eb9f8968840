"""Functions the sandbox tests run in the limited child (importable by the fork server)."""


def spin():
    while True:
        pass


def hog():
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024 * 1024))


def echo(value):
    return value
