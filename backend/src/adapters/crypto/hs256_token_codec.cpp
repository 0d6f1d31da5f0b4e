#include "adapters/crypto/hs256_token_codec.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

namespace janji::crypto {

namespace {

using auth::TokenProblem;
using nlohmann::json;

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kHeaderJson = R"({"alg":"HS256","typ":"JWT"})";
constexpr std::size_t kSignatureBytes = 32;

int decode_char(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// Parses without exceptions; nullopt unless the text is a JSON object.
std::optional<json> parse_object(std::string_view text) {
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

// Integer NumericDate that fits an Instant; floats, strings and out-of-range values fail.
std::optional<common::Instant> numeric_date(const json& value) {
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  static const std::int64_t kMax =
      duration_cast<seconds>(common::Instant::max().time_since_epoch()).count();
  static const std::int64_t kMin =
      duration_cast<seconds>(common::Instant::min().time_since_epoch()).count();
  std::int64_t secs = 0;
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(kMax)) return std::nullopt;
    secs = static_cast<std::int64_t>(u);
  } else if (value.is_number_integer()) {
    secs = value.get<std::int64_t>();
  } else {
    return std::nullopt;
  }
  if (secs > kMax || secs < kMin) return std::nullopt;
  return common::from_unix_seconds(secs);
}

tl::expected<auth::AccessClaims, TokenProblem> verify_token(const std::string& secret,
                                                            const std::string& token,
                                                            common::Instant now) {
  const auto fail = [](TokenProblem p) { return tl::unexpected<TokenProblem>(p); };
  if (token.empty() || token.size() > Hs256TokenCodec::kMaxTokenLength) {
    return fail(TokenProblem::kMalformed);
  }
  const std::size_t dot1 = token.find('.');
  if (dot1 == std::string::npos) return fail(TokenProblem::kMalformed);
  const std::size_t dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos) {
    return fail(TokenProblem::kMalformed);
  }
  const std::string_view whole(token);
  const std::string_view header_b64 = whole.substr(0, dot1);
  const std::string_view payload_b64 = whole.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature_b64 = whole.substr(dot2 + 1);

  const auto header_text = Hs256TokenCodec::base64url_decode(header_b64);
  const auto payload_text = Hs256TokenCodec::base64url_decode(payload_b64);
  const auto signature = Hs256TokenCodec::base64url_decode(signature_b64);
  if (!header_text || !payload_text || !signature) return fail(TokenProblem::kMalformed);

  // The header is read before the MAC only to pin the algorithm: exactly HS256, and no
  // critical extensions we would have to understand (RFC 7515 4.1.11).
  const auto header = parse_object(*header_text);
  if (!header) return fail(TokenProblem::kMalformed);
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string() || alg->get_ref<const std::string&>() != "HS256") {
    return fail(TokenProblem::kMalformed);
  }
  if (header->contains("crit")) return fail(TokenProblem::kMalformed);

  // MAC over the received segments, never over re-serialised JSON.
  const std::string expected = Hs256TokenCodec::hmac_sha256(secret, whole.substr(0, dot2));
  if (signature->size() != kSignatureBytes ||
      CRYPTO_memcmp(signature->data(), expected.data(), kSignatureBytes) != 0) {
    return fail(TokenProblem::kBadSignature);
  }

  const auto payload = parse_object(*payload_text);
  if (!payload) return fail(TokenProblem::kMalformed);
  const auto user_id = payload->find("user_id");
  const auto email = payload->find("email");
  const auto role = payload->find("role");
  const auto exp = payload->find("exp");
  if (user_id == payload->end() || !user_id->is_string() || email == payload->end() ||
      !email->is_string() || role == payload->end() || !role->is_string() ||
      exp == payload->end()) {
    return fail(TokenProblem::kMalformed);
  }
  const auto parsed_role = auth::parse_role(role->get_ref<const std::string&>());
  const auto expires_at = numeric_date(*exp);
  if (!parsed_role || !expires_at) return fail(TokenProblem::kMalformed);
  if (const auto nbf = payload->find("nbf"); nbf != payload->end()) {
    const auto not_before = numeric_date(*nbf);
    if (!not_before || now < *not_before) return fail(TokenProblem::kMalformed);
  }
  // RFC 7519 4.1.4: now MUST be before exp, so now == exp is already expired. No leeway:
  // we issue and verify with the same clock.
  if (!(now < *expires_at)) return fail(TokenProblem::kExpired);

  auth::AccessClaims claims;
  claims.user_id = user_id->get<std::string>();
  claims.email = email->get<std::string>();
  claims.role = *parsed_role;
  claims.expires_at = *expires_at;
  // Optional: tokens issued before sessions were tracked carry neither (and expire soon).
  if (const auto sid = payload->find("sid"); sid != payload->end()) {
    if (!sid->is_string()) return fail(TokenProblem::kMalformed);
    claims.session_id = sid->get<std::string>();
  }
  if (const auto gen = payload->find("gen"); gen != payload->end()) {
    if (!gen->is_number_integer()) return fail(TokenProblem::kMalformed);
    claims.token_generation = gen->get<std::int64_t>();
  }
  return claims;
}

}  // namespace

Hs256TokenCodec::Hs256TokenCodec(std::string secret) : secret_(std::move(secret)) {
  if (secret_.empty()) throw std::invalid_argument("JWT secret must not be empty");
}

std::string Hs256TokenCodec::issue(const auth::AccessClaims& claims, common::Instant now) const {
  json payload = json::object();
  payload["user_id"] = claims.user_id;
  payload["email"] = claims.email;
  payload["role"] = std::string(auth::to_string(claims.role));
  payload["iat"] = common::to_unix_seconds(now);
  payload["exp"] = common::to_unix_seconds(claims.expires_at);
  if (!claims.session_id.empty()) payload["sid"] = claims.session_id;
  payload["gen"] = claims.token_generation;
  // Replace invalid UTF-8 instead of throwing: issue() has no error channel.
  const std::string payload_json = payload.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string signing_input = base64url_encode(kHeaderJson);
  signing_input += '.';
  signing_input += base64url_encode(payload_json);
  const std::string signature = hmac_sha256(secret_, signing_input);
  signing_input += '.';
  signing_input += base64url_encode(signature);
  return signing_input;
}

tl::expected<auth::AccessClaims, auth::TokenProblem> Hs256TokenCodec::verify(
    const std::string& token, common::Instant now) const {
  try {
    return verify_token(secret_, token, now);
  } catch (...) {  // nlohmann type errors or bad_alloc: a token we cannot read is malformed
    return tl::unexpected<TokenProblem>(TokenProblem::kMalformed);
  }
}

std::string Hs256TokenCodec::base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 63U]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 63U]);  // zero-filled tail
  return out;
}

std::optional<std::string> Hs256TokenCodec::base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;  // no byte count encodes to this length
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int v = decode_char(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  // Leftover bits must be zero, or two different strings would decode to the same bytes.
  if ((buffer & ((1U << bits) - 1U)) != 0) return std::nullopt;
  return out;
}

std::string Hs256TokenCodec::hmac_sha256(std::string_view key, std::string_view data) {
  static const unsigned char kEmpty = 0;  // OpenSSL 3.0 HMAC() dislikes a null key pointer
  const auto* key_ptr = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  const auto* data_ptr =
      data.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(data.data());
  if (key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::length_error("HMAC key too long");
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), key_ptr, static_cast<int>(key.size()), data_ptr, data.size(), mac.data(),
           &mac_len) == nullptr) {
    throw std::runtime_error("HMAC-SHA-256 failed");
  }
  return std::string(reinterpret_cast<const char*>(mac.data()), mac_len);
}

}  // namespace janji::crypto
