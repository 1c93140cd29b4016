#!/usr/bin/python3
"""A local SMTP sink for the tests: takes every message, delivers none.

    smtp_sink.py DIR [PORT]

Listens on 127.0.0.1:PORT (0 or none: a random free port), prints
"listening PORT" on stdout once it accepts, and writes each message
it is given to DIR as N.eml (the data as received, dot-stuffing
undone, CRLF lines) with N.json beside it ({"from": ..., "to": [...]})
written after the .eml, so a reader that sees the .json sees the whole
message.  It speaks just enough of RFC 5321 for libcurl: EHLO/HELO,
MAIL, RCPT, DATA, RSET, NOOP, QUIT.  Stops on SIGTERM or SIGINT.

Written for asyncio rather than smtpd, which Python 3.12 removed.
"""
import asyncio
import json
import os
import signal
import sys

count = 0


async def session(reader, writer, outdir):
    global count

    def send(line):
        writer.write((line + "\r\n").encode())

    send("220 localhost smtp-sink ready")
    sender, rcpts = None, []
    try:
        while True:
            raw = await reader.readline()
            if not raw:
                break
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                if verb == "EHLO":
                    send("250-localhost")
                    send("250-8BITMIME")
                    send("250 SIZE 10485760")
                else:
                    send("250 localhost")
            elif verb == "MAIL":
                # The path alone, without parameters (SIZE=...).
                sender, rcpts = line.split(":", 1)[1].split()[0], []
                send("250 OK")
            elif verb == "RCPT":
                rcpts.append(line.split(":", 1)[1].split()[0])
                send("250 OK")
            elif verb == "DATA":
                send("354 End data with <CR><LF>.<CR><LF>")
                await writer.drain()
                data = bytearray()
                while True:
                    l = await reader.readline()
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    if l.startswith(b".."):
                        l = l[1:]
                    data += l
                count += 1
                n = count
                with open(os.path.join(outdir, f"{n}.eml"), "wb") as f:
                    f.write(bytes(data))
                tmp = os.path.join(outdir, f"{n}.json.tmp")
                with open(tmp, "w") as f:
                    json.dump({"from": sender, "to": rcpts}, f)
                os.rename(tmp, os.path.join(outdir, f"{n}.json"))
                sender, rcpts = None, []
                send(f"250 OK queued as {n}")
            elif verb == "RSET":
                sender, rcpts = None, []
                send("250 OK")
            elif verb == "NOOP":
                send("250 OK")
            elif verb == "QUIT":
                send("221 Bye")
                await writer.drain()
                break
            else:
                # RFC 5321 4.2.4: the reply for a command this sink does
                # not speak (VRFY, EXPN, STARTTLS, AUTH, ...), so a
                # client that tries one learns it is not there.
                send("502 Command not implemented")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    outdir = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    global count
    count = len([f for f in os.listdir(outdir) if f.endswith(".json")])
    server = await asyncio.start_server(
        lambda r, w: session(r, w, outdir), "127.0.0.1", port,
        reuse_address=True)
    print("listening", server.sockets[0].getsockname()[1], flush=True)
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(
            sig, lambda: stop.done() or stop.set_result(None))
    async with server:
        await stop


if __name__ == "__main__":
    asyncio.run(main())
