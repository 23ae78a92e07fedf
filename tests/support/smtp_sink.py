"""A real SMTP server for recoup's email tests (aiosmtpd).

python3 smtp_sink.py PORT DIR: listens on 127.0.0.1:PORT and writes each
message it accepts to DIR as N.eml (the bytes as received) and N.json (its
parsed headers, text body and attachments), then prints "ready".
python3 smtp_sink.py PORT DIR --count: only counts, in DIR/count (the
benchmark's server, so that the figure is recoup's, not the parser's).
"""

import asyncio
import base64
import email
import email.policy
import json
import os
import sys

from aiosmtpd.controller import Controller

COUNT_ONLY = "--count" in sys.argv


class Sink:
    def __init__(self, out):
        self.out = out
        # A sink started again on the same directory numbers on.
        self.n = len([f for f in os.listdir(out) if f.endswith(".eml")])

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        if COUNT_ONLY:
            with open(os.path.join(self.out, "count"), "w") as f:
                f.write(str(self.n))
            return "250 OK"
        raw = envelope.original_content or envelope.content
        path = os.path.join(self.out, f"{self.n}")
        with open(path + ".eml", "wb") as f:
            f.write(raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        attachments = []
        for part in msg.iter_attachments():
            data = part.get_payload(decode=True) or b""
            attachments.append({
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "size": len(data),
                "head": base64.b64encode(data[:8]).decode(),
            })
        summary = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "reply_to": str(msg["Reply-To"]),
            "to": str(msg["To"]),
            "subject": str(msg["Subject"]),
            "message_id": str(msg["Message-ID"]),
            "text": body.get_content() if body else "",
            "attachments": attachments,
        }
        tmp = path + ".json.tmp"
        with open(tmp, "w") as f:
            json.dump(summary, f)
        os.rename(tmp, path + ".json")
        return "250 Message accepted for delivery"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(out), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.get_event_loop().run_until_complete(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
