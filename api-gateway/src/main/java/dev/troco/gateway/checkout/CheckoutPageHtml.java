package dev.troco.gateway.checkout;

import static dev.troco.gateway.rest.HtmlText.escape;

import dev.troco.events.charge.ChargeStatusName;
import java.math.BigDecimal;

/**
 * The hosted checkout page as plain server-rendered HTML: no script, no external style sheet or
 * font, so it works offline and under a strict Content-Security-Policy. Every text that comes from
 * a merchant or a charge goes through {@link #escape(String)}.
 */
final class CheckoutPageHtml {

    /** What the page shows. {@code status} is seed 004's name, or null while the charge is being created. */
    record View(String siteName, String siteLogo, String details, long amountCents, String currency, String status,
            String pixCopyPaste, String qrPngBase64, String boletoDigitableLine, boolean sandbox, String successUrl,
            String cancelUrl, String actionBase, String notice, String styleNonce) {
    }

    private CheckoutPageHtml() {
    }

    static String render(View v) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\">");
        if (v.status() == null) {
            html.append("<meta http-equiv=\"refresh\" content=\"2\">");
        }
        html.append("<title>Pay ").append(escape(v.siteName())).append("</title>")
                .append("<style nonce=\"").append(v.styleNonce()).append("\">").append(STYLE).append("</style>")
                .append("</head><body><main>");
        html.append("<header>");
        if (v.siteLogo() != null) {
            html.append("<img class=\"logo\" src=\"").append(escape(v.siteLogo())).append("\" alt=\"")
                    .append(escape(v.siteName())).append("\">");
        }
        html.append("<h1>").append(escape(v.siteName())).append("</h1>");
        if (v.sandbox()) {
            html.append("<p class=\"sandbox\">Sandbox: no real money moves.</p>");
        }
        html.append("</header>");
        html.append("<p class=\"details\">").append(escape(v.details())).append("</p>");
        html.append("<p class=\"amount\" id=\"amount\">").append(escape(v.currency())).append(' ')
                .append(BigDecimal.valueOf(v.amountCents(), 2).toPlainString()).append("</p>");
        if (v.notice() != null) {
            html.append("<p class=\"notice\" role=\"alert\">").append(escape(v.notice())).append("</p>");
        }
        ChargeStatusName status = v.status() == null ? null : ChargeStatusName.ofDisplayName(v.status()).orElse(null);
        boolean received = status == ChargeStatusName.PAID || status == ChargeStatusName.REFUNDED;
        if (v.status() == null) {
            html.append("<p>Preparing your payment&hellip; this page refreshes by itself.</p>");
        } else if (status == ChargeStatusName.CREATED) {
            paymentOptions(html, v);
        } else if (received) {
            html.append("<p class=\"done\" id=\"status\">Payment received.</p>")
                    .append("<p><a class=\"button\" id=\"continue\" href=\"").append(escape(v.successUrl()))
                    .append("\">Return to ").append(escape(v.siteName())).append("</a></p>");
        } else if (status == ChargeStatusName.REJECTED) {
            html.append("<p class=\"failed\" id=\"status\">The payment was declined.</p>");
        } else {
            html.append("<p class=\"failed\" id=\"status\">This payment is no longer available (")
                    .append(escape(v.status())).append(").</p>");
        }
        if (status == ChargeStatusName.CREATED || v.status() == null) {
            // a form, not a link: leaving through it cancels the charge, so a slip or QR code already
            // shown can no longer be paid (the merchant hears charge.canceled)
            html.append("<form method=\"post\" action=\"").append(escape(v.actionBase()))
                    .append("/cancel\"><button type=\"submit\" class=\"link\" id=\"cancel\">Cancel and return to ")
                    .append(escape(v.siteName())).append("</button></form>");
        } else if (!received) {
            html.append("<p><a id=\"return\" href=\"").append(escape(v.cancelUrl()))
                    .append("\">Return to ").append(escape(v.siteName())).append("</a></p>");
        }
        html.append("<footer>Payment processed by Troco</footer></main></body></html>\n");
        return html.toString();
    }

    private static void paymentOptions(StringBuilder html, View v) {
        if (v.pixCopyPaste() != null) {
            html.append("<section id=\"pix\"><h2>PIX</h2><p>Scan the QR code with your bank's app, or copy the code.</p>");
            if (v.qrPngBase64() != null) {
                html.append("<img class=\"qr\" id=\"pix-qr\" alt=\"PIX QR code\" src=\"data:image/png;base64,")
                        .append(v.qrPngBase64()).append("\">");
            }
            html.append("<label for=\"pix-code\">Pix copia e cola</label>")
                    .append("<textarea id=\"pix-code\" readonly rows=\"4\">").append(escape(v.pixCopyPaste()))
                    .append("</textarea></section>");
        }
        if (v.boletoDigitableLine() != null) {
            html.append("<section id=\"boleto\"><h2>Boleto</h2><p>Pay in your bank's app or at a bank with this line:</p>")
                    .append("<p class=\"digits\" id=\"boleto-line\">").append(escape(formatLine(v.boletoDigitableLine())))
                    .append("</p></section>");
        }
        if (!v.sandbox()) {
            // No acquirer is connected: a production page offers no card form, so no card number is ever sent to us.
            html.append("<section id=\"card\"><h2>Card</h2><p>Card payments are not available yet; pay with PIX or "
                    + "boleto.</p></section>");
            return;
        }
        html.append("<section id=\"card\"><h2>Card</h2><form method=\"post\" action=\"").append(escape(v.actionBase()))
                .append("/card\" autocomplete=\"off\">")
                .append("<label for=\"holder\">Name on card</label><input id=\"holder\" name=\"holder\" required maxlength=\"100\" autocomplete=\"cc-name\">")
                .append("<label for=\"number\">Card number</label><input id=\"number\" name=\"number\" required inputmode=\"numeric\" maxlength=\"23\" autocomplete=\"cc-number\">")
                .append("<div class=\"row\"><span><label for=\"expiry\">Expiry (MM/YY)</label><input id=\"expiry\" name=\"expiry\" required maxlength=\"5\" placeholder=\"MM/YY\" autocomplete=\"cc-exp\"></span>")
                .append("<span><label for=\"cvc\">CVC</label><input id=\"cvc\" name=\"cvc\" required inputmode=\"numeric\" maxlength=\"4\" autocomplete=\"cc-csc\"></span></div>")
                .append("<button type=\"submit\">Pay ").append(escape(v.currency())).append(' ')
                .append(BigDecimal.valueOf(v.amountCents(), 2).toPlainString()).append("</button></form></section>");
        if (v.sandbox()) {
            html.append("<section id=\"simulate\"><h2>Sandbox</h2><form method=\"post\" action=\"")
                    .append(escape(v.actionBase())).append("/simulate\">")
                    .append("<button type=\"submit\" id=\"simulate-payment\">Simulate payment</button></form></section>");
        }
    }

    /** 47 digits in the groups printed on a boleto: AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE. */
    static String formatLine(String digits) {
        if (digits.length() != 47) {
            return digits;
        }
        return digits.substring(0, 5) + "." + digits.substring(5, 10) + " " + digits.substring(10, 15) + "."
                + digits.substring(15, 21) + " " + digits.substring(21, 26) + "." + digits.substring(26, 32) + " "
                + digits.charAt(32) + " " + digits.substring(33);
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}
            main{max-width:32rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem 2rem;box-shadow:0 1px 4px rgba(0,0,0,.08)}
            header{display:flex;align-items:center;gap:1rem;flex-wrap:wrap}h1{font-size:1.3rem;margin:0}
            .logo{max-height:48px;max-width:160px}.sandbox{background:#fff4d6;padding:.2rem .6rem;border-radius:6px;font-size:.85rem}
            .amount{font-size:2rem;font-weight:700;margin:.5rem 0}.details{color:#555}
            section{border-top:1px solid #e3e5ea;padding-top:1rem;margin-top:1rem}h2{font-size:1.05rem}
            .qr{display:block;width:220px;height:220px;margin:.5rem auto;image-rendering:pixelated}
            textarea,input{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;margin:.2rem 0 .6rem;border:1px solid #c8ccd4;border-radius:6px}
            textarea{font-family:ui-monospace,monospace;font-size:.8rem}button.link{background:none;border:0;padding:0;color:#2450c8;text-decoration:underline;cursor:pointer;font:inherit}.digits{font-family:ui-monospace,monospace;word-break:break-all}
            .row{display:flex;gap:1rem}.row span{flex:1}
            button,.button{display:inline-block;background:#0b6e4f;color:#fff;border:0;border-radius:6px;padding:.7rem 1.2rem;font:inherit;cursor:pointer;text-decoration:none}
            .notice{background:#fdecec;padding:.5rem;border-radius:6px}.done{color:#0b6e4f;font-weight:600}.failed{color:#a61b1b;font-weight:600}
            footer{margin-top:1.5rem;font-size:.8rem;color:#888}
            """;
}
