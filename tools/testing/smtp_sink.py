"""An SMTP server on loopback for the mail tests (aiosmtpd): every message it accepts is written to
DIR as N.eml, its envelope recipients in N.rcpt. It writes its port to DIR/port once it listens, and
runs until killed.

Usage: smtp_sink.py DIR"""

import os
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        n = self.count
        self.count += 1
        with open(os.path.join(self.folder, "%d.rcpt" % n), "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        with open(os.path.join(self.folder, "%d.eml" % n), "wb") as f:
            f.write(envelope.original_content or envelope.content)
        return "250 OK"


def main():
    folder = sys.argv[1]
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    with open(os.path.join(folder, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
