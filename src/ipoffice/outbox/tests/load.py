"""Write outgoing messages as a web process would: each in its own committed transaction,
each nudging a worker through the configured broker. Run as a separate process by the
worker tests and the benchmark:

    python -m ipoffice.outbox.tests.load PREFIX COUNT [sms-every]

Prints the commit time of each message (key<TAB>epoch seconds) for latency figures.
"""

from __future__ import annotations

import os
import sys
import time


def main(prefix: str, count: int, sms_every: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipoffice.settings")
    import django

    django.setup()
    from django.db import transaction

    from ipoffice.outbox.enums import Channel
    from ipoffice.outbox.services import message_enqueue

    for n in range(count):
        key = f"{prefix}-{n:06d}"
        sms = sms_every and n % sms_every == 0
        with transaction.atomic():
            message_enqueue(
                channel=Channel.SMS if sms else Channel.EMAIL,
                recipient="13800000000" if sms else f"user{n % 50}@example.cn",
                subject=f"测试消息 {n}",
                body=f"您的投诉 {key} 已受理。",
                idempotency_key=key,
            )
        print(f"{key}\t{time.time():.6f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
