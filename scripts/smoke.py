#!/usr/bin/env python3
"""End-to-end smoke test of a running platform (./troco up), through the public API only.

It walks the README's set-up as a merchant would: the operator creates a company, its Moderator
activates and logs in with TOTP, creates an API user and a key (2FA, allowed IPs), and the
integration creates a PIX charge (Idempotency-Key), reads it back and replays the create.
The charge is created for real: gateway -> outbox -> Kafka -> charge-service -> outbox -> Kafka
-> gateway. Its payment reaches the merchant as a signed webhook, an e-mail (the launcher's local SMTP
server saves it in .troco/mail/) and a dashboard entry the Moderator receives live (Server-Sent
Events through the gateway). Standard library only.

  scripts/smoke.py                 run the whole walk, save what it made to .troco/smoke.json
  scripts/smoke.py --check-saved   read back the charge saved by an earlier run (after a restart)
"""
import base64, email, email.policy, hashlib, hmac, http.server, json, os, struct, sys, threading, time, urllib.error, urllib.parse, urllib.request, uuid

GATEWAY = os.environ.get("TROCO_GATEWAY", "http://127.0.0.1:8080")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAVED = os.path.join(ROOT, ".troco", "smoke.json")
MAIL = os.environ.get("TROCO_MAIL_DIR", os.path.join(ROOT, ".troco", "mail"))


def call(method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(GATEWAY + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None), response.headers
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, (json.loads(text) if text else None), error.headers


class Receiver(http.server.BaseHTTPRequestHandler):
    """The merchant's webhook endpoint: keeps every POST with its headers."""
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        Receiver.received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def start_receiver():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def verified(headers, body, secret):
    """Standard Webhooks: v1,base64(HMAC-SHA256(base64-decoded secret, id.timestamp.body)), any of them."""
    key = base64.b64decode(secret[len("whsec_"):])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    if abs(time.time() - int(headers["webhook-timestamp"])) > 300:
        return False
    return any(sig.split(",", 1)[1] == expected for sig in headers["webhook-signature"].split(" "))


def expect(status, wanted, what, body):
    if status not in wanted:
        sys.exit(f"FAIL {what}: HTTP {status} {json.dumps(body)}")
    print(f"ok   {what}: HTTP {status}")


def totp(secret_base32, at):
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def admin_token():
    token = os.environ.get("TROCO_ADMIN_TOKEN")
    if token:
        return token
    with open(os.path.join(ROOT, ".troco", "secrets.properties")) as secrets:
        for line in secrets:
            if line.startswith("TROCO_ADMIN_TOKEN="):
                return line.split("=", 1)[1].strip().replace("\\=", "=").replace("\\:", ":")
    sys.exit("no TROCO_ADMIN_TOKEN in the environment or .troco/secrets.properties")


def walk():
    email = f"moderator-{uuid.uuid4().hex[:8]}@example.com"
    status, body, _ = call("POST", "/admin/v1/companies", {
        "name": "Loja Smoke", "products": ["PAYIN"], "moderatorEmail": email, "moderatorName": "Moderator"},
        {"Authorization": "Bearer " + admin_token()})
    expect(status, {201}, "operator creates a company", body)
    company = body["companyId"]
    if "invitationToken" in body["moderator"] or body["moderator"].get("invitationSentTo") != email:
        sys.exit(f"FAIL the invitation should go by e-mail to {email}, not in the answer: {json.dumps(body)}")
    invitation = invitation_token(email)
    status, body, _ = call("PUT", f"/admin/v1/companies/{company}/processing-fee-rate",
                           {"ratePercent": "1.99", "reason": "smoke: negotiated rate"},
                           {"Authorization": "Bearer " + admin_token()})
    expect(status, {200}, "operator sets the company's processing fee rate", body)
    if body["ratePercent"] != "1.99" or body["defaultRate"] or len(body["history"]) != 1:
        sys.exit(f"FAIL unexpected fee rate: {json.dumps(body)}")
    password = "correct horse battery staple"
    status, body, _ = call("POST", "/v1/auth/activate", {
        "invitationToken": invitation, "password": password})
    expect(status, {200}, "moderator activates (password + TOTP enrollment)", body)
    secret = body["totpSecret"]
    moderator_id = body["userId"]
    status, body, _ = call("POST", "/v1/auth/login", {
        "email": email, "password": password, "totpCode": totp(secret, time.time())})
    expect(status, {200}, "moderator logs in with TOTP", body)
    session = {"Authorization": "Bearer " + body["sessionToken"]}
    status, body, _ = call("POST", f"/v1/companies/{company}/api-users", {
        "email": f"api-{uuid.uuid4().hex[:8]}@example.com", "name": "API - Loja Smoke",
        "permissions": ["charges:create", "charges:refund", "transactions:read", "notifications:manage"]}, session)
    expect(status, {201}, "moderator creates an API user", body)
    api_user = body["id"]
    # the next step's code: the login's code is spent, and one step of drift is accepted
    status, body, _ = call("POST", f"/v1/companies/{company}/api-users/{api_user}/keys", {
        "environment": "SANDBOX", "allowedIps": ["127.0.0.1", "::1"],
        "totpCode": totp(secret, time.time() + 30)}, session)
    expect(status, {201}, "moderator generates an API key (2FA, allowed IPs)", body)
    key = {"Authorization": "Bearer " + body["secret"]}
    port = start_receiver()
    status, endpoint, _ = call("POST", "/v1/webhook-endpoints", {"url": f"http://127.0.0.1:{port}/hooks"}, key)
    expect(status, {201}, "integration registers its webhook endpoint", endpoint)
    webhook_secret = endpoint["secret"]
    finance = f"finance-{uuid.uuid4().hex[:8]}@loja.example"
    status, body, _ = call("PUT", "/v1/notification-settings/charge.paid", {
        "channels": ["webhook", "email", "dashboard"], "emailRecipients": [finance],
        "dashboardUserIds": [moderator_id]}, key)
    expect(status, {200}, "integration sets charge.paid to webhook + e-mail + the Moderator's dashboard", body)
    if body["channels"] != ["webhook", "email", "dashboard"] or body["emailRecipients"] != [finance]:
        sys.exit(f"FAIL unexpected setting: {json.dumps(body)}")
    confirm_recipient(finance)
    status, body, _ = call("PUT", "/v1/notification-settings/charge.paid", {
        "channels": ["email", "sms"], "emailRecipients": ["not an address"]}, key)
    expect(status, {422}, "a bad channel and a bad address are refused", body)
    stream = DashboardStream(session)
    charge = {"method": "pix", "customNumber": "SMOKE-1", "callbackUrl": "https://merchant.example.com/hooks",
              "title": {"expireDate": "2099-12-31T23:59:59", "amountInCents": 8652, "instructions": "Smoke"},
              "buyer": {"name": "Maria da Silva", "document": "349.608.263-12", "email": "maria@example.com"}}
    idempotency = {**key, "Idempotency-Key": "smoke-" + uuid.uuid4().hex}
    status, created, headers = call("POST", "/v1/charges", charge, idempotency)
    expect(status, {201}, "integration creates a PIX charge (charge-service confirmed it)", created)
    if not created.get("pixCopyPaste", "").startswith("000201") or created["fees"]["merchantNetsCents"] <= 0:
        sys.exit(f"FAIL no BR Code or fees on the charge: {json.dumps(created)}")
    if created["fees"]["processingFeeRatePercent"] != "1.99" or created["fees"]["processingFeeCents"] != 172:
        sys.exit(f"FAIL the charge's fee is not 1.99% of 8652 cents: {json.dumps(created['fees'])}")
    status, rate, _ = call("GET", "/v1/processing-fee-rate", headers=key)
    expect(status, {200}, "integration reads its processing fee rate", rate)
    if rate.get("ratePercent") != "1.99":
        sys.exit(f"FAIL unexpected rate: {json.dumps(rate)}")
    print(f"     pixCopyPaste: {created['pixCopyPaste'][:60]}...  fees: {created['fees']}")
    print(f"     RateLimit: {headers.get('RateLimit')}  RateLimit-Policy: {headers.get('RateLimit-Policy')}")
    status, again, headers = call("POST", "/v1/charges", charge, idempotency)
    expect(status, {201}, "the same Idempotency-Key replays the first answer", again)
    if again != created or headers.get("Idempotent-Replayed") != "true":
        sys.exit("FAIL replay differs from the first answer")
    read_back(created["id"], key)
    lifecycle(created["id"], key, charge)
    webhooks(created["id"], webhook_secret)
    email_arrived(finance, "Charge received: SMOKE-1", created["id"])
    dashboard(session, stream, created["id"])
    status, events, _ = call("GET", "/v1/events?limit=5", headers=key)
    expect(status, {200}, "integration lists its events", events)
    status, page, _ = call("GET", "/v1/charges?limit=1&status=Refunded", headers=key)
    expect(status, {200}, "integration lists its refunded charges", page)
    if [c["id"] for c in page["data"]] != [created["id"]]:
        sys.exit(f"FAIL unexpected list: {json.dumps(page)}")
    request = urllib.request.Request(GATEWAY + f"/v1/charges/{created['id']}/qrcode.png?size=256",
                                     headers={"Authorization": key["Authorization"]})
    with urllib.request.urlopen(request, timeout=30) as response:
        png = response.read()
    if not png.startswith(b"\x89PNG"):
        sys.exit("FAIL the QR code is not a PNG")
    print(f"ok   integration downloads the PIX QR code: {len(png)} bytes of PNG")
    with open(SAVED, "w") as saved:
        json.dump({"chargeId": created["id"], "key": key["Authorization"]}, saved)
    print(f"PASS charge {created['id']} created end to end; saved to {SAVED}")


def lifecycle(charge_id, key, charge):
    """Sandbox payment, two partial refunds up to the paid amount, one more refused; a cancel."""
    status, body, _ = call("POST", f"/v1/charges/{charge_id}/simulate", {"outcome": "paid"}, key)
    expect(status, {200}, "sandbox simulates the payment", body)
    if body["status"]["name"] != "Paid" or body["paidAmountCents"] != 8652:
        sys.exit(f"FAIL not paid: {json.dumps(body)}")
    for amount in (2500, 6152):
        status, body, _ = call("POST", f"/v1/charges/{charge_id}/refunds", {"amountCents": amount},
                               {**key, "Idempotency-Key": "refund-" + uuid.uuid4().hex})
        expect(status, {200}, f"refund of {amount} cents", body)
    if body["status"]["name"] != "Refunded" or body["refundAmountCents"] != 8652 or len(body["payinRefunds"]) != 2:
        sys.exit(f"FAIL not refunded: {json.dumps(body)}")
    status, body, _ = call("POST", f"/v1/charges/{charge_id}/refunds", {"amountCents": 1}, key)
    expect(status, {409}, "one refund more than paid is refused", body)
    status, disputed, _ = call("POST", "/v1/charges", {**charge, "customNumber": "SMOKE-3"}, key)
    expect(status, {201}, "a third charge", disputed)
    for outcome in ("paid", "chargeback_initiated", "chargeback_resolved_for_merchant"):
        status, body, _ = call("POST", f"/v1/charges/{disputed['id']}/simulate", {"outcome": outcome}, key)
        expect(status, {200}, f"sandbox simulates {outcome}", body)
    if body.get("payin_substatus") != "chargeback_won":
        sys.exit(f"FAIL chargeback not won: {json.dumps(body)}")
    status, boleto, _ = call("POST", "/v1/charges", {**charge, "method": "boleto", "customNumber": "SMOKE-4"}, key)
    expect(status, {201}, "a boleto charge", boleto)
    if len(boleto["boleto"]["digitableLine"]) != 47 or len(boleto["boleto"]["barcode"]) != 44:
        sys.exit(f"FAIL boleto digits: {json.dumps(boleto)}")
    print(f"     linha digitável: {boleto['boleto']['digitableLine']}")
    request = urllib.request.Request(GATEWAY + f"/v1/charges/{boleto['id']}/boleto.pdf",
                                     headers={"Authorization": key["Authorization"]})
    with urllib.request.urlopen(request, timeout=30) as response:
        pdf = response.read()
        kind = response.headers.get("Content-Type")
    if not pdf.startswith(b"%PDF") or kind != "application/pdf":
        sys.exit(f"FAIL the boleto is not a PDF ({kind})")
    print(f"ok   integration downloads the printable boleto: {len(pdf)} bytes of PDF")
    status, body, _ = call("POST", f"/v1/charges/{boleto['id']}/simulate", {"outcome": "paid_late"}, key)
    expect(status, {200}, "sandbox pays the boleto after its due date", body)
    history = [h["status"]["name"] for h in body["statusHistory"]]
    if (body["status"]["name"] != "Paid" or body.get("paidLate") is not True
            or body.get("payin_substatus") != "paid_late" or history != ["Created", "Expired", "Paid"]):
        sys.exit(f"FAIL late payment: {json.dumps(body)}")
    status, other, _ = call("POST", "/v1/charges", {**charge, "customNumber": "SMOKE-2"}, key)
    expect(status, {201}, "a second charge", other)
    status, body, _ = call("POST", f"/v1/charges/{other['id']}/cancel", {"reason": "smoke"}, key)
    expect(status, {200}, "the second charge is canceled", body)
    status, body, _ = call("POST", f"/v1/charges/{other['id']}/simulate", {"outcome": "paid"}, key)
    expect(status, {409}, "a canceled charge cannot be paid", body)


def webhooks(charge_id, secret):
    """The charge's status changes reach the merchant's endpoint, signed, in seed 004's payload."""
    wanted = {"Created", "Paid", "Refunded"}
    deadline = time.time() + 60
    seen = {}
    while time.time() < deadline and not wanted <= set(seen):
        for headers, body in list(Receiver.received):
            lowered = {k.lower(): v for k, v in headers.items()}
            payload = json.loads(body)
            if payload.get("id") == charge_id:
                if not verified(lowered, body, secret):
                    sys.exit(f"FAIL webhook signature does not verify: {lowered}")
                seen[payload["status"]["name"]] = lowered["webhook-id"]
        time.sleep(0.5)
    if not wanted <= set(seen):
        sys.exit(f"FAIL webhooks received for {charge_id}: {sorted(seen)} (wanted {sorted(wanted)})")
    print(f"ok   signed webhooks received: {sorted(seen)}")


class DashboardStream:
    """The Moderator's live feed, GET /v1/dashboard/notifications/stream, read on its own thread."""

    def __init__(self, session):
        request = urllib.request.Request(GATEWAY + "/v1/dashboard/notifications/stream",
                                         headers={**session, "Accept": "text/event-stream"})
        self.response = urllib.request.urlopen(request, timeout=120)
        if not self.response.headers.get("Content-Type", "").startswith("text/event-stream"):
            sys.exit(f"FAIL the dashboard stream is not text/event-stream: {self.response.headers}")
        self.events = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(30):
            sys.exit("FAIL the dashboard stream sent no ready event")
        print("ok   the Moderator's dashboard stream is open (Server-Sent Events through the gateway)")

    def _read(self):
        name, data = None, []
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\r\n")
                if line == "":
                    if name == "ready":
                        self.ready.set()
                    elif name == "notification":
                        self.events.append(json.loads("".join(data)))
                    name, data = None, []
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
        except Exception:  # closed by dashboard(), or the platform went away: the checks report what is missing
            pass


def invitation_token(recipient):
    """The one-time token of the invitation Troco mailed to recipient (the API never answers it)."""
    import re
    deadline = time.time() + 60
    while time.time() < deadline:
        for name in (os.listdir(MAIL) if os.path.isdir(MAIL) else []):
            if name.endswith(f"-{recipient}.eml"):
                with open(os.path.join(MAIL, name), "rb") as eml:
                    mail = email.message_from_binary_file(eml, policy=email.policy.default)
                found = re.search(r"\b(inv_[A-Za-z0-9_-]{20,})", mail.get_body(preferencelist=("plain",)).get_content())
                if found:
                    print(f"ok   the invitation reached {recipient} by e-mail  [{name}]")
                    return found.group(1)
        time.sleep(0.5)
    sys.exit(f"FAIL no invitation e-mail for {recipient} in {MAIL}")


def confirm_recipient(recipient):
    """An address named in the settings gets a confirmation link first; the person opens it and presses the button."""
    import re
    deadline = time.time() + 60
    token = None
    while time.time() < deadline and token is None:
        for name in (os.listdir(MAIL) if os.path.isdir(MAIL) else []):
            if name.endswith(f"-{recipient}.eml"):
                with open(os.path.join(MAIL, name), "rb") as eml:
                    mail = email.message_from_binary_file(eml, policy=email.policy.default)
                found = re.search(r"/email-recipients/confirm\?token=([A-Za-z0-9_-]+)",
                                  mail.get_body(preferencelist=("plain",)).get_content())
                if found:
                    token = found.group(1)
        time.sleep(0.5)
    if token is None:
        sys.exit(f"FAIL no confirmation e-mail for {recipient} in {MAIL}")
    with urllib.request.urlopen(f"{GATEWAY}/email-recipients/confirm?token={token}", timeout=30) as page:
        if page.status != 200 or 'method="post"' not in page.read().decode():
            sys.exit("FAIL the confirmation page has no button")
    form = urllib.request.Request(f"{GATEWAY}/email-recipients/confirm", method="POST",
                                  data=urllib.parse.urlencode({"token": token}).encode())
    form.add_header("Content-Type", "application/x-www-form-urlencoded")
    with urllib.request.urlopen(form, timeout=30) as answer:
        text = answer.read().decode()
        if answer.status != 200 or "Confirmed" not in text:
            sys.exit(f"FAIL the recipient was not confirmed: {text}")
    print(f"ok   {recipient} confirmed the e-mail notifications with the mailed link")


def email_arrived(recipient, subject, charge_id):
    """The e-mail of the paid charge, as the launcher's local SMTP server saved it."""
    deadline = time.time() + 60
    while time.time() < deadline:
        names = [n for n in (os.listdir(MAIL) if os.path.isdir(MAIL) else []) if n.endswith(f"-{recipient}.eml")]
        for name in names:
            with open(os.path.join(MAIL, name), "rb") as eml:
                mail = email.message_from_binary_file(eml, policy=email.policy.default)
            text = mail.get_body(preferencelist=("plain",)).get_content()
            html = mail.get_body(preferencelist=("html",))
            if subject in str(mail["Subject"]) and charge_id in text and html is not None:
                print(f"ok   e-mail to {recipient} arrived (text and HTML): {mail['Subject']}  [{name}]")
                return
        time.sleep(0.5)
    sys.exit(f"FAIL no e-mail '{subject}' for {recipient} in {MAIL}")


def dashboard(session, stream, charge_id):
    """The paid charge is in the Moderator's feed: live on the stream, listed, counted, then read."""
    deadline = time.time() + 60
    while time.time() < deadline and not any(e["title"] == "Charge received: SMOKE-1" for e in stream.events):
        time.sleep(0.5)
    live = [e for e in stream.events if e["title"] == "Charge received: SMOKE-1"]
    if not live:
        sys.exit(f"FAIL the dashboard stream got no notification for {charge_id}: {stream.events}")
    print(f"ok   the Moderator's stream received it live: {live[0]['title']} ({live[0]['body']})")
    stream.response.close()
    status, page, _ = call("GET", "/v1/dashboard/notifications?limit=10", headers=session)
    expect(status, {200}, "the Moderator lists the dashboard notifications", page)
    entry = next((n for n in page["data"] if n["id"] == live[0]["id"]), None)
    if entry is None or entry["eventType"] != "charge.paid" or entry["read"]:
        sys.exit(f"FAIL dashboard entry missing or wrong: {json.dumps(page)}")
    status, before, _ = call("GET", "/v1/dashboard/notifications/unread-count", headers=session)
    expect(status, {200}, f"unread count is {before['unread']}", before)
    status, body, _ = call("POST", f"/v1/dashboard/notifications/{entry['id']}/read", headers=session)
    expect(status, {200}, "the Moderator marks it read", body)
    status, after, _ = call("GET", "/v1/dashboard/notifications/unread-count", headers=session)
    if status != 200 or after["unread"] != before["unread"] - 1:
        sys.exit(f"FAIL unread count {before} -> {after}")
    print(f"ok   unread count {before['unread']} -> {after['unread']}")


def read_back(charge_id, key):
    status, body, _ = call("GET", f"/v1/charges/{charge_id}", headers=key)
    expect(status, {200}, f"integration reads charge {charge_id}", body)
    if body["amountCents"] != 8652 or body["id"] != charge_id:
        sys.exit(f"FAIL unexpected charge {json.dumps(body)}")


if __name__ == "__main__":
    if "--check-saved" in sys.argv:
        with open(SAVED) as saved:
            state = json.load(saved)
        read_back(state["chargeId"], {"Authorization": state["key"]})
        print("PASS the charge and the key survived the restart")
    else:
        walk()
        import smoke_checkout  # seed 003's hosted checkout and its IPN, in a file of its own
        smoke_checkout.walk_checkout()
