#include "adapters/db/sql_payment_receipts.hpp"

#include "adapters/db/sql_rows.hpp"
#include "core/common/crypto.hpp"

namespace janji::db {

using common::fail;
using notifications::PaymentReceipt;

namespace {

struct ReceiptRow {
  void bind(soci::statement& st) {
    st.exchange(soci::into(row.payment_id));
    st.exchange(soci::into(row.booking_id));
    st.exchange(soci::into(row.order_id));
    st.exchange(soci::into(row.attempt));
    st.exchange(soci::into(gross_amount));
    st.exchange(soci::into(row.currency));
    st.exchange(soci::into(status));
    st.exchange(soci::into(payment_type, payment_type_ind));
    st.exchange(soci::into(transaction_id, transaction_id_ind));
    st.exchange(soci::into(paid_at, paid_at_ind));
  }
  PaymentReceipt current() const {
    PaymentReceipt r = row;
    r.gross_amount = gross_amount;
    const auto state = payments::parse_payment_state(status);
    if (!state) throw soci::soci_error("unknown payment status: '" + status + "'");
    r.status = *state;
    r.payment_type = optional_of(payment_type, payment_type_ind);
    r.transaction_id = optional_of(transaction_id, transaction_id_ind);
    if (paid_at_ind == soci::i_ok) {
      // ISO text from SQLite, "2027-03-14 06:30:00+00" from PostgreSQL (a UTC session).
      r.paid_at = common::parse_instant(paid_at);
      if (!r.paid_at) throw soci::soci_error("unreadable stored instant: '" + paid_at + "'");
    }
    return r;
  }
  PaymentReceipt row;
  long long gross_amount = 0;
  std::string status, payment_type, transaction_id, paid_at;
  soci::indicator payment_type_ind = soci::i_null, transaction_id_ind = soci::i_null,
                  paid_at_ind = soci::i_null;
};

}  // namespace

common::Result<std::optional<PaymentReceipt>> SqlPaymentReceipts::load_receipt(
    const std::string& payment_id) {
  using Found = std::optional<PaymentReceipt>;
  // A malformed id names no payment (PostgreSQL would refuse it as a uuid).
  if (!common::is_uuid(payment_id)) return Found{};
  try {
    soci::session sql(db_.pool());
    Rows<ReceiptRow> rows(sql);
    rows.use(payment_id);
    auto found = rows.run(
        "SELECT id, booking_id, order_id, attempt, gross_amount, currency, status, payment_type, "
        "transaction_id, paid_at FROM payments WHERE id = :id");
    if (found.empty()) return Found{};
    return Found{std::move(found.front())};
  } catch (const soci::soci_error& e) {
    return fail(translate_sql_error(e));
  }
}

}  // namespace janji::db
