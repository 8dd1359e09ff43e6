#!/usr/bin/env python3
"""Seed 003's hosted checkout, end to end on a running platform (called by smoke.py; standard library only).

A fresh company's Moderator issues the checkout keys (public_key, secret_key), the merchant's site
initiates a payment (POST /payment/initiate with the public_key in the body), the buyer's page renders
the PIX QR code, the sandbox "Simulate payment" button pays it and redirects to success_url, and the
notification-service POSTs the IPN to a local receiver, whose signature is checked with seed 003's PHP
recipe: strtoupper(hash_hmac('sha256', $identifier.$timestamp, $secret_key)).
"""
import decimal, hashlib, hmac, http.server, json, sys, threading, time, urllib.error, urllib.parse, urllib.request, uuid

import smoke


class IpnReceiver(http.server.BaseHTTPRequestHandler):
    """The merchant's ipn_url: keeps every POST body."""
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        IpnReceiver.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def page(path, method="GET"):
    """The checkout page (or a form post on it) without following redirects: (status, headers, text)."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(smoke.GATEWAY + path, method=method,
                                     data=b"" if method == "POST" else None)
    if method == "POST":
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def php_signature(identifier, timestamp, secret_key):
    """Seed 003's source of truth, in Python: strtoupper(hash_hmac('sha256', $identifier.$timestamp, $secret_key))."""
    return hmac.new(secret_key.encode(), f"{identifier}{timestamp}".encode(), hashlib.sha256).hexdigest().upper()


def walk_checkout():
    email = f"checkout-{uuid.uuid4().hex[:8]}@example.com"
    status, body, _ = smoke.call("POST", "/admin/v1/companies", {
        "name": "Loja Checkout", "products": ["PAYIN"], "moderatorEmail": email, "moderatorName": "Moderator"},
        {"Authorization": "Bearer " + smoke.admin_token()})
    smoke.expect(status, {201}, "checkout: operator creates a company", body)
    company = body["companyId"]
    password = "correct horse battery staple"
    status, body, _ = smoke.call("POST", "/v1/auth/activate", {
        "invitationToken": smoke.invitation_token(email), "password": password})
    smoke.expect(status, {200}, "checkout: moderator activates", body)
    totp_secret = body["totpSecret"]
    status, body, _ = smoke.call("POST", "/v1/auth/login", {
        "email": email, "password": password, "totpCode": smoke.totp(totp_secret, time.time())})
    smoke.expect(status, {200}, "checkout: moderator logs in", body)
    session = {"Authorization": "Bearer " + body["sessionToken"]}
    status, keys, _ = smoke.call("POST", f"/v1/companies/{company}/checkout-credentials", {
        "environment": "SANDBOX", "totpCode": smoke.totp(totp_secret, time.time() + 30)}, session)
    smoke.expect(status, {201}, "checkout: moderator issues public_key and secret_key (2FA)", keys)
    public_key, secret_key = keys["publicKey"], keys["secretKey"]

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), IpnReceiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    identifier = str(uuid.uuid4())
    initiate = {
        "public_key": public_key, "amount": "100.00", "currency": "BRL",
        "customer": {"first_name": "John", "last_name": "Doe", "email": "john@example.com", "mobile": "+5511987654321"},
        "details": "Payment for order #123", "identifier": identifier,
        "ipn_url": f"http://127.0.0.1:{server.server_address[1]}/ipn",
        "success_url": "https://shop.example/success", "cancel_url": "https://shop.example/cancel",
        "site_name": "Loja <Checkout>", "billing_info": {"city": "São Paulo", "country": "BR"}}
    status, answer, _ = smoke.call("POST", "/payment/initiate", initiate)
    smoke.expect(status, {200}, "checkout: POST /payment/initiate", answer)
    if answer.get("status") != "success" or answer.get("message") != "Payment initiated successfully":
        sys.exit(f"FAIL checkout: not seed 003's answer: {json.dumps(answer)}")
    path = urllib.parse.urlparse(answer["redirect_url"]).path
    print(f"     redirect_url: {answer['redirect_url']}")
    status, again, _ = smoke.call("POST", "/payment/initiate", initiate)
    smoke.expect(status, {200}, "checkout: the same identifier again", again)
    if again["redirect_url"] != answer["redirect_url"]:
        sys.exit("FAIL checkout: a repeated identifier made another payment")
    status, canceled, headers = smoke.call("POST", "/payment/initiate", dict(initiate, identifier=str(uuid.uuid4())))
    smoke.expect(status, {200}, "checkout: a second payment, to be canceled by the buyer", canceled)
    if '"checkout";q=' not in (headers.get("RateLimit-Policy") or ""):
        sys.exit(f"FAIL checkout: no RateLimit-Policy on /payment/initiate: {dict(headers)}")
    cancel_path = urllib.parse.urlparse(canceled["redirect_url"]).path
    deadline = time.time() + 30
    while True:
        status, headers, _ = page(cancel_path + "/cancel", "POST")
        if status == 303 or time.time() > deadline:
            break
        time.sleep(0.5)
    if status != 303 or headers.get("Location") != "https://shop.example/cancel":
        sys.exit(f"FAIL checkout: cancel answered HTTP {status} to {headers.get('Location')}")
    status, _, html = page(cancel_path)
    if "(Canceled)" not in html:
        sys.exit("FAIL checkout: the canceled payment's page does not say Canceled")
    print("ok   checkout: the buyer cancels on the page: the charge is Canceled, HTTP 303 to cancel_url")
    status, refused, _ = smoke.call("POST", "/payment/initiate", dict(initiate, public_key="pk_test_" + "0" * 32))
    smoke.expect(status, {401}, "checkout: an unknown public_key is refused", refused)
    if refused.get("status") != "error" or not refused.get("message"):
        sys.exit(f"FAIL checkout: not seed 003's error shape: {json.dumps(refused)}")

    deadline = time.time() + 30
    while True:
        status, headers, html = page(path)
        if status == 200 and 'id="pix-qr"' in html:
            break
        if time.time() > deadline:
            sys.exit(f"FAIL checkout: the page never showed the PIX QR code (HTTP {status})")
        time.sleep(0.5)
    if "data:image/png;base64," not in html or "Loja &lt;Checkout&gt;" not in html or 'id="boleto-line"' not in html:
        sys.exit("FAIL checkout: the page lacks the QR code, the boleto line or escaping")
    if "default-src 'none'" not in (headers.get("Content-Security-Policy") or ""):
        sys.exit("FAIL checkout: the page has no Content-Security-Policy")
    print("ok   checkout: the buyer's page shows the PIX QR code, copy-paste code, boleto and card form")
    status, headers, _ = page(path + "/simulate", "POST")
    if status != 303 or headers.get("Location") != "https://shop.example/success":
        sys.exit(f"FAIL checkout: simulate answered HTTP {status} to {headers.get('Location')}")
    print("ok   checkout: sandbox payment redirects the buyer to success_url: HTTP 303")

    deadline = time.time() + 60
    while not IpnReceiver.received:
        if time.time() > deadline:
            sys.exit("FAIL checkout: no IPN arrived at ipn_url")
        time.sleep(0.5)
    ipn = json.loads(IpnReceiver.received[0], parse_float=decimal.Decimal)
    if ipn["signature"] != php_signature(ipn["identifier"], ipn["timestamp"], secret_key):
        sys.exit(f"FAIL checkout: the IPN's signature does not verify: {IpnReceiver.received[0]}")
    data = ipn["data"]
    if (ipn["identifier"] != identifier or ipn["status"] != "success" or data["type"] != "checkout"
            or data["amount"] != decimal.Decimal("100.00") or data["currency"] != "BRL"):
        sys.exit(f"FAIL checkout: unexpected IPN {IpnReceiver.received[0]}")
    print(f"ok   checkout: IPN received and its seed 003 signature verified (trx {data['trx']})")
    server.shutdown()


if __name__ == "__main__":
    walk_checkout()
