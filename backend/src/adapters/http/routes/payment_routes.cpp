#include "adapters/http/routes/payment_routes.hpp"

#include <thread>

#include "adapters/http/auth_middleware.hpp"
#include "adapters/http/envelope.hpp"
#include "adapters/http/routes/json_fields.hpp"
#include "adapters/payments/midtrans_json.hpp"
#include "core/bookings/booking_service.hpp"
#include "core/notifications/payment_receipt.hpp"

namespace janji::http {

namespace {

Json nullable(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

Json record_json(const payments::PaymentNotificationRecord& n) {
  return Json{{"id", n.id},
              {"order_id", n.order_id},
              {"transaction_status", n.transaction_status},
              {"signature_valid", n.signature_valid},
              {"applied", n.applied},
              {"outcome", n.outcome},
              {"source", n.source},
              {"received_at", n.received_at},
              {"raw_body", n.raw_body}};
}

// The text of an HTML page: & < > " ' escaped.
std::string html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The value of `name` in an application/x-www-form-urlencoded body (plain words only: the pay
// page's buttons).
std::string form_value(const std::string& body, std::string_view name) {
  std::size_t at = 0;
  while (at <= body.size()) {
    const auto end = std::min(body.find('&', at), body.size());
    const std::string_view pair(body.data() + at, end - at);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    at = end + 1;
  }
  return {};
}

Response pay_page(const payments::Payment& p, const std::string& notice, int status,
                  const std::string& csp) {
  const bool open = payments::is_live(p.status);
  std::string body =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>Janji payment simulator</title><style>"
      "body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;"
      "color:#111}h1{font-size:1.3rem}.amount{font-size:2rem;font-weight:700;margin:.5rem 0}"
      ".note{background:#fff7d6;border:1px solid #e6c200;padding:.6rem;border-radius:.4rem}"
      "button{display:block;width:100%;padding:.8rem;margin:.5rem 0;font-size:1rem;"
      "border-radius:.4rem;border:1px solid #555;cursor:pointer}"
      ".pay{background:#0a7d3b;color:#fff;border-color:#0a7d3b}"
      "dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}dt{color:#555}"
      "</style></head><body><main><h1>Payment simulator</h1>"
      "<p class=\"note\">No money moves here. This page stands in for Midtrans Snap because no "
      "MIDTRANS_SERVER_KEY is set; each button sends the notification Midtrans would send.</p>"
      "<p class=\"amount\" data-testid=\"simulator-amount\">" +
      html(notifications::money_text(p.gross_amount, p.currency)) + "</p><dl><dt>Order</dt><dd>" +
      html(p.order_id) + "</dd><dt>Status</dt><dd data-testid=\"simulator-status\">" +
      html(payments::to_string(p.status)) + "</dd><dt>Pay before</dt><dd>" +
      html(common::format_instant(p.expires_at)) + " (UTC)</dd></dl>";
  if (!notice.empty()) body += "<p role=\"alert\">" + html(notice) + "</p>";
  if (open) {
    body += "<form method=\"post\" action=\"/pay/" + html(p.order_id) +
            "\">"
            "<button class=\"pay\" name=\"action\" value=\"pay\" data-testid=\"simulator-pay\">"
            "Pay " +
            html(notifications::money_text(p.gross_amount, p.currency)) +
            "</button>"
            "<button name=\"action\" value=\"fail\" data-testid=\"simulator-fail\">"
            "Decline the payment</button>"
            "<button name=\"action\" value=\"expire\" data-testid=\"simulator-expire\">"
            "Let it expire</button></form>";
  }
  body += "</main></body></html>";
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", "text/html; charset=utf-8");
  r.set_header("Content-Security-Policy", csp);
  return r;
}

}  // namespace

Json payment_json(const payments::Payment& p) {
  return Json{{"id", p.id},
              {"booking_id", p.booking_id},
              {"attempt", p.attempt},
              {"order_id", p.order_id},
              {"gross_amount", p.gross_amount},
              {"currency", p.currency},
              {"status", std::string(payments::to_string(p.status))},
              {"redirect_url", nullable(p.redirect_url)},
              {"snap_token", nullable(p.snap_token)},
              {"expires_at", common::format_instant(p.expires_at)},
              {"transaction_id", nullable(p.transaction_id)},
              {"payment_type", nullable(p.payment_type)},
              {"refunded_amount", p.refunded_amount},
              {"paid_at", nullable(p.paid_at)},
              {"failure_reason", nullable(p.failure_reason)},
              {"created_at", p.created_at},
              {"updated_at", p.updated_at}};
}

void register_payment_routes(Router& router, auth::AuthService& auth,
                             payments::PaymentService& payments, PaymentRouteOptions options) {
  router.add(
      "POST", "/api/v1/payments/create", require_auth(auth, [&payments](Request& request) {
        auto body = parse_json_object(request);
        if (!body) return error_response(body.error());
        Problems problems;
        JsonFields f(*body, problems);
        auto booking_id = f.uuid("booking_id", Presence::kRequired);
        // SPEC's payment_method: Snap's page lets the customer choose; any text is accepted.
        f.string("payment_method");
        payments::CreatePaymentCommand command;
        command.idempotency_key = request.header("idempotency-key");
        const auto& key = command.idempotency_key;
        if (key && (key->empty() || key->size() > bookings::kMaxIdempotencyKeyLength)) {
          problems.invalid("Idempotency-Key", "must be 1 to 255 characters", FieldSource::kHeader);
        }
        if (auto e = problems.error()) return error_response(*e);
        command.booking_id = *booking_id;
        auto started = payments.create(*request.principal, command);
        if (!started) return error_response(started.error());
        const auto& p = started->payment;
        auto r =
            success(started->reused ? 200 : 201, Json{{"payment", payment_json(p)},
                                                      {"payment_url", nullable(p.redirect_url)},
                                                      {"payment_token", nullable(p.snap_token)}});
        if (started->reused) r.set_header("Idempotent-Replayed", "true");
        return r;
      }));

  router.add("POST", "/api/v1/payments/callback", [&payments, options](Request& request) {
    auto fields = payments::parse_notification(request.body);
    if (!fields) return error_response(fields.error());
    payments::ReceivedNotification received;
    received.fields = std::move(*fields);
    received.raw_body = request.body;
    auto outcome = payments.receive(received);
    if (!outcome) return error_response(outcome.error());
    if (options.answer_delay.count() > 0) std::this_thread::sleep_for(options.answer_delay);
    // 200 for an unknown order too: Midtrans retries anything else (CONTRACTS 1.9).
    return message_only(200, outcome->outcome);
  });

  router.add(
      "GET", "/api/v1/payments/:id", require_auth(auth, [&payments](Request& request) {
        const std::string id = request.param("id");
        if (!common::is_uuid(id)) {
          return error_response(common::Error::not_found("PAYMENT_007", "Payment not found"));
        }
        auto view = payments.get(*request.principal, id);
        if (!view) return error_response(view.error());
        Json data{{"payment", payment_json(view->payment)}};
        if (request.principal->role == auth::Role::kAdmin) {
          Json notes = Json::array();
          for (const auto& n : view->notifications) notes.push_back(record_json(n));
          data["notifications"] = std::move(notes);
        }
        return success(200, data);
      }));

  router.add(
      "POST", "/api/v1/admin/payments/:id/refund",
      require_auth(auth, [&payments](Request& request) {
        if (request.principal->role != auth::Role::kAdmin) {
          return error_response(common::Error::forbidden());
        }
        auto body = parse_json_object(request);
        if (!body) return error_response(body.error());
        Problems problems;
        JsonFields f(*body, problems);
        auto amount = f.rupiah("amount");
        auto reason = f.string("reason", Presence::kRequired);
        if (reason && (reason->empty() || reason->size() > 255)) {
          problems.invalid("reason", "must be 1 to 255 characters");
        }
        if (auto e = problems.error()) return error_response(*e);
        const std::string id = request.param("id");
        if (!common::is_uuid(id)) {
          return error_response(common::Error::not_found("PAYMENT_007", "Payment not found"));
        }
        auto refunded = payments.refund(*request.principal, id, amount, *reason);
        if (!refunded) return error_response(refunded.error());
        return success(200, Json{{"payment", payment_json(*refunded)}}, "Refund recorded");
      }));
}

void register_pay_page_routes(Router& router, payments::PaymentService& payments,
                              payments::PaymentSimulator& simulator, PayPageOptions options) {
  const std::string csp = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' " +
                          options.frontend_url + "; frame-ancestors 'none'; base-uri 'none'";
  const auto not_found = [csp] {
    Response r;
    r.status = 404;
    r.body = "<!doctype html><title>Not found</title><p>No such payment.</p>";
    r.set_header("Content-Type", "text/html; charset=utf-8");
    r.set_header("Content-Security-Policy", csp);
    return r;
  };
  router.add("GET", "/pay/:order_id", [&payments, csp, not_found](Request& request) {
    auto p = payments.find_for_pay_page(request.param("order_id"));
    if (!p) {
      if (p.error().kind == common::ErrorKind::kNotFound) return not_found();
      return error_response(p.error());
    }
    return pay_page(*p, "", 200, csp);
  });
  router.add(
      "POST", "/pay/:order_id",
      [&payments, &simulator, csp, not_found, frontend = options.frontend_url](Request& request) {
        const std::string order_id = request.param("order_id");
        auto outcome = payments::parse_simulated_outcome(form_value(request.body, "action"));
        if (!outcome) {
          return error_response(common::Error::invalid(
              "Choose pay, fail or expire", {{"action", "must be pay, fail or expire"}}));
        }
        auto done = simulator.complete(order_id, *outcome);
        auto p = payments.find_for_pay_page(order_id);
        if (!p) {
          if (p.error().kind == common::ErrorKind::kNotFound) return not_found();
          return error_response(p.error());
        }
        if (!done) return pay_page(*p, done.error().message, 409, csp);
        // Back to the web app as Snap does: the finish URL with what happened (display only).
        const auto sent = simulator.notification_for(*p, *outcome);
        Response r;
        r.status = 303;
        r.set_header("Location", frontend + "/bookings/" + p->booking_id + "/payment?order_id=" +
                                     p->order_id + "&status_code=" + sent.status_code +
                                     "&transaction_status=" + sent.transaction_status);
        return r;
      });
}

}  // namespace janji::http
