#include "adapters/crypto/hs256_token_codec.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace janji::crypto {
namespace {

using auth::AccessClaims;
using auth::Role;
using auth::TokenProblem;
using common::from_unix_seconds;
using common::Instant;
using nlohmann::json;

const std::string kSecret = "0123456789abcdef0123456789abcdef-test-secret";
const Instant kNow = from_unix_seconds(1'900'000'000);

std::string b64(std::string_view s) { return Hs256TokenCodec::base64url_encode(s); }

// Builds a token with arbitrary header and payload bytes, correctly signed with `secret`.
std::string sign(const std::string& secret, const std::string& header, const std::string& payload) {
  const std::string input = b64(header) + "." + b64(payload);
  return input + "." + b64(Hs256TokenCodec::hmac_sha256(secret, input));
}

const std::string kHeader = R"({"alg":"HS256","typ":"JWT"})";

json good_payload() {
  return json{{"user_id", "3f2b8c1e-1111-4a2b-9c3d-0123456789ab"},
              {"email", "ana@example.com"},
              {"role", "provider"},
              {"iat", 1'900'000'000 - 60},
              {"exp", 1'900'000'000 + 900}};
}

AccessClaims sample_claims() {
  AccessClaims c;
  c.user_id = "3f2b8c1e-1111-4a2b-9c3d-0123456789ab";
  c.email = "ana@example.com";
  c.role = Role::kProvider;
  c.expires_at = kNow + std::chrono::minutes(15);
  return c;
}

TokenProblem problem(const Hs256TokenCodec& codec, const std::string& token, Instant now = kNow) {
  const auto r = codec.verify(token, now);
  EXPECT_FALSE(r.has_value()) << token;
  return r ? TokenProblem::kMalformed : r.error();
}

// --- base64url and HMAC primitives ---

TEST(Hs256TokenCodecTest, Base64UrlRfc4648Vectors) {
  const std::array<std::pair<const char*, const char*>, 7> cases = {{{"", ""},
                                                                     {"f", "Zg"},
                                                                     {"fo", "Zm8"},
                                                                     {"foo", "Zm9v"},
                                                                     {"foob", "Zm9vYg"},
                                                                     {"fooba", "Zm9vYmE"},
                                                                     {"foobar", "Zm9vYmFy"}}};
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(Hs256TokenCodec::base64url_encode(plain), encoded);
    EXPECT_EQ(Hs256TokenCodec::base64url_decode(encoded), std::optional<std::string>(plain));
  }
  EXPECT_EQ(Hs256TokenCodec::base64url_encode("\xfb\xff\xfe"), "-__-");
  EXPECT_EQ(Hs256TokenCodec::base64url_decode("-__-"), std::string("\xfb\xff\xfe"));
}

TEST(Hs256TokenCodecTest, Base64UrlRoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    const std::string part = all.substr(0, n);
    EXPECT_EQ(Hs256TokenCodec::base64url_decode(b64(part)), part);
  }
}

TEST(Hs256TokenCodecTest, Base64UrlDecodeIsStrict) {
  for (const char* bad :
       {"Zg==", "Zg=", "Zm9v=", "Z", "Zm9vY", "Zm9v+A", "Zm9v/A", "Zm 9v", "Zm9v\n", "Zh", "Zm9"}) {
    EXPECT_FALSE(Hs256TokenCodec::base64url_decode(bad).has_value()) << bad;
  }
  // "Zh" and "Zm9" carry non-zero unused bits: only the canonical forms decode.
  EXPECT_TRUE(Hs256TokenCodec::base64url_decode("Zg").has_value());
  EXPECT_TRUE(Hs256TokenCodec::base64url_decode("Zm8").has_value());
}

TEST(Hs256TokenCodecTest, HmacSha256Rfc4231Case2) {
  const std::string mac = Hs256TokenCodec::hmac_sha256("Jefe", "what do ya want for nothing?");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (const unsigned char c : mac) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  EXPECT_EQ(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// --- RFC 7515 Appendix A.1 (CONTRACTS.md section 3) ---

const std::string kRfcKeyB64 =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
const std::string kRfcHeader = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
const std::string kRfcPayload =
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
const std::string kRfcSigningInput =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVl"
    "fQ";
const std::string kRfcSignature = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

TEST(Hs256TokenCodecTest, Rfc7515A1SignatureIsReproduced) {
  const auto key = Hs256TokenCodec::base64url_decode(kRfcKeyB64);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->size(), 64u);
  EXPECT_EQ(b64(kRfcHeader) + "." + b64(kRfcPayload), kRfcSigningInput);

  const std::string mac = Hs256TokenCodec::hmac_sha256(*key, kRfcSigningInput);
  const std::array<int, 32> expected_bytes = {116, 24,  223, 180, 151, 153, 224, 37,  79,  250, 96,
                                              125, 216, 173, 187, 186, 22,  212, 37,  77,  105, 214,
                                              191, 240, 91,  88,  5,   88,  83,  132, 141, 121};
  ASSERT_EQ(mac.size(), expected_bytes.size());
  for (std::size_t i = 0; i < mac.size(); ++i) {
    EXPECT_EQ(static_cast<unsigned char>(mac[i]), expected_bytes[i]) << i;
  }
  EXPECT_EQ(b64(mac), kRfcSignature);
}

TEST(Hs256TokenCodecTest, Rfc7515A1TokenPassesSignatureButFailsOurClaims) {
  const auto key = Hs256TokenCodec::base64url_decode(kRfcKeyB64);
  ASSERT_TRUE(key.has_value());
  const std::string token = kRfcSigningInput + "." + kRfcSignature;

  // With the RFC key the signature is accepted; the token then fails on claims: it has no
  // user_id/email/role, and its exp (2011) is long past.
  const Hs256TokenCodec codec(*key);
  EXPECT_EQ(problem(codec, token), TokenProblem::kMalformed);
  EXPECT_EQ(problem(codec, token, from_unix_seconds(1300819370)), TokenProblem::kMalformed);
  EXPECT_EQ(problem(codec, token, std::chrono::system_clock::now()), TokenProblem::kMalformed);

  // With any other key the same token fails on the signature instead.
  const Hs256TokenCodec other(kSecret);
  EXPECT_EQ(problem(other, token), TokenProblem::kBadSignature);

  // Our claims under the RFC's header style and exp: signature fine, then expired.
  const std::string ours =
      sign(*key, kRfcHeader, R"({"user_id":"u","email":"e@x.io","role":"admin","exp":1300819380})");
  EXPECT_EQ(problem(codec, ours), TokenProblem::kExpired);
  const auto early = codec.verify(ours, from_unix_seconds(1300819379));
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(early->role, Role::kAdmin);
}

// --- issue / verify ---

TEST(Hs256TokenCodecTest, IssueThenVerifyRoundTrips) {
  const Hs256TokenCodec codec(kSecret);
  for (const Role role : {Role::kCustomer, Role::kProvider, Role::kAdmin}) {
    AccessClaims claims = sample_claims();
    claims.role = role;
    const std::string token = codec.issue(claims, kNow);
    const auto got = codec.verify(token, kNow);
    ASSERT_TRUE(got.has_value()) << token;
    EXPECT_EQ(got->user_id, claims.user_id);
    EXPECT_EQ(got->email, claims.email);
    EXPECT_EQ(got->role, role);
    EXPECT_EQ(got->expires_at, claims.expires_at);
  }
}

TEST(Hs256TokenCodecTest, IssuedTokenHasExactHeaderAndClaims) {
  const Hs256TokenCodec codec(kSecret);
  const std::string token = codec.issue(sample_claims(), kNow);
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);
  ASSERT_NE(dot2, std::string::npos);
  EXPECT_EQ(Hs256TokenCodec::base64url_decode(token.substr(0, dot1)), kHeader);
  const auto payload_text =
      Hs256TokenCodec::base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  ASSERT_TRUE(payload_text.has_value());
  const json payload = json::parse(*payload_text);
  EXPECT_EQ(payload.at("user_id"), "3f2b8c1e-1111-4a2b-9c3d-0123456789ab");
  EXPECT_EQ(payload.at("email"), "ana@example.com");
  EXPECT_EQ(payload.at("role"), "provider");
  EXPECT_EQ(payload.at("iat"), 1'900'000'000);
  EXPECT_EQ(payload.at("exp"), 1'900'000'900);
  EXPECT_EQ(payload.at("gen"), 0);  // no `sid` when the claims carry no session
  EXPECT_EQ(payload.size(), 6u);
  EXPECT_EQ(token.find('='), std::string::npos);
  EXPECT_EQ(token.size() - dot2 - 1, 43u);
}

TEST(Hs256TokenCodecTest, SessionAndGenerationRoundTripAndAreOptional) {
  const Hs256TokenCodec codec(kSecret);
  AccessClaims claims = sample_claims();
  claims.session_id = "9d0c6a52-2222-4b3c-8d4e-0123456789ab";
  claims.token_generation = 7;
  const auto verified = codec.verify(codec.issue(claims, kNow), kNow);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->session_id, claims.session_id);
  EXPECT_EQ(verified->token_generation, 7);

  // Tokens issued before sessions were tracked carry neither: generation 0, no session.
  const auto old = codec.verify(sign(kSecret, kHeader, good_payload().dump()), kNow);
  ASSERT_TRUE(old.has_value());
  EXPECT_TRUE(old->session_id.empty());
  EXPECT_EQ(old->token_generation, 0);

  for (const auto& [name, value] :
       std::vector<std::pair<std::string, json>>{{"sid", 5}, {"gen", "7"}, {"gen", 1.5}}) {
    json payload = good_payload();
    payload[name] = value;
    EXPECT_EQ(problem(codec, sign(kSecret, kHeader, payload.dump())), TokenProblem::kMalformed)
        << name << "=" << value.dump();
  }
}

TEST(Hs256TokenCodecTest, ExpiresExactlyAtExp) {
  const Hs256TokenCodec codec(kSecret);
  const AccessClaims claims = sample_claims();
  const std::string token = codec.issue(claims, kNow);
  EXPECT_TRUE(codec.verify(token, claims.expires_at - std::chrono::seconds(1)).has_value());
  EXPECT_TRUE(codec.verify(token, claims.expires_at - std::chrono::nanoseconds(1)).has_value());
  EXPECT_EQ(problem(codec, token, claims.expires_at), TokenProblem::kExpired);
  EXPECT_EQ(problem(codec, token, claims.expires_at + std::chrono::hours(1)),
            TokenProblem::kExpired);
}

TEST(Hs256TokenCodecTest, RejectsOtherAlgorithms) {
  const Hs256TokenCodec codec(kSecret);
  const std::string payload = good_payload().dump();
  ASSERT_TRUE(codec.verify(sign(kSecret, kHeader, payload), kNow).has_value());

  // alg none with an empty signature, and with a valid HS256 MAC.
  const std::string none_header = R"({"alg":"none","typ":"JWT"})";
  EXPECT_EQ(problem(codec, b64(none_header) + "." + b64(payload) + "."), TokenProblem::kMalformed);
  EXPECT_EQ(problem(codec, sign(kSecret, none_header, payload)), TokenProblem::kMalformed);
  for (const char* header :
       {R"({"alg":"HS512","typ":"JWT"})", R"({"alg":"hs256","typ":"JWT"})",
        R"({"alg":"HS256 ","typ":"JWT"})", R"({"alg":"RS256","typ":"JWT"})", R"({"typ":"JWT"})",
        R"({"alg":null})", R"({"alg":256})", R"({"alg":["HS256"]})",
        R"({"alg":"HS256","crit":["exp"]})", R"({"alg":"HS256","crit":[]})", R"(["HS256"])",
        R"("HS256")", "not json", ""}) {
    EXPECT_EQ(problem(codec, sign(kSecret, header, payload)), TokenProblem::kMalformed) << header;
  }
}

TEST(Hs256TokenCodecTest, RejectsTampering) {
  const Hs256TokenCodec codec(kSecret);
  const std::string token = codec.issue(sample_claims(), kNow);
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);

  // Payload swapped for one claiming admin, original signature kept.
  json escalated = good_payload();
  escalated["role"] = "admin";
  const std::string forged =
      token.substr(0, dot1) + "." + b64(escalated.dump()) + token.substr(dot2);
  EXPECT_EQ(problem(codec, forged), TokenProblem::kBadSignature);

  std::string bad_sig = token;
  bad_sig[dot2 + 1] = bad_sig[dot2 + 1] == 'A' ? 'B' : 'A';
  EXPECT_EQ(problem(codec, bad_sig), TokenProblem::kBadSignature);

  // Well-encoded signatures of the wrong length.
  const std::string input = token.substr(0, dot2);
  const std::string mac = Hs256TokenCodec::hmac_sha256(kSecret, input);
  EXPECT_EQ(problem(codec, input + "."), TokenProblem::kBadSignature);
  EXPECT_EQ(problem(codec, input + "." + b64(mac.substr(0, 31))), TokenProblem::kBadSignature);
  EXPECT_EQ(problem(codec, input + "." + b64(mac + "x")), TokenProblem::kBadSignature);
  EXPECT_EQ(input + "." + b64(mac), token);

  const Hs256TokenCodec other("another-secret-another-secret-another");
  EXPECT_EQ(problem(other, token), TokenProblem::kBadSignature);
}

TEST(Hs256TokenCodecTest, RejectsBadClaims) {
  const Hs256TokenCodec codec(kSecret);
  const auto with = [](const char* key, json value) {
    json p = good_payload();
    p[key] = std::move(value);
    return p.dump();
  };
  const auto without = [](const char* key) {
    json p = good_payload();
    p.erase(key);
    return p.dump();
  };
  const std::vector<std::string> bad = {
      without("exp"),
      without("user_id"),
      without("email"),
      without("role"),
      with("exp", 1'900'000'900.0),
      with("exp", 1'900'000'900.5),
      with("exp", "1900000900"),
      with("exp", nullptr),
      with("exp", json::array({1'900'000'900})),
      with("exp", std::numeric_limits<std::uint64_t>::max()),
      with("exp", std::numeric_limits<std::int64_t>::max()),
      with("user_id", 42),
      with("email", nullptr),
      with("role", "superuser"),
      with("role", "Admin"),
      with("role", 2),
      with("nbf", "0"),
      with("nbf", 1'900'000'001),
      "[1,2,3]",
      "\"string\"",
      "{not json}",
      "",
  };
  for (const auto& payload : bad) {
    EXPECT_EQ(problem(codec, sign(kSecret, kHeader, payload)), TokenProblem::kMalformed) << payload;
  }
  // nbf equal to now is fine; iat is informative only.
  EXPECT_TRUE(codec.verify(sign(kSecret, kHeader, with("nbf", 1'900'000'000)), kNow));
  EXPECT_TRUE(codec.verify(sign(kSecret, kHeader, without("iat")), kNow));
  // A large but representable exp is just a valid far-future token.
  EXPECT_TRUE(codec.verify(sign(kSecret, kHeader, with("exp", 4'102'444'800)), kNow));
  EXPECT_EQ(problem(codec, sign(kSecret, kHeader, with("exp", -1))), TokenProblem::kExpired);
}

TEST(Hs256TokenCodecTest, RejectsBadStructure) {
  const Hs256TokenCodec codec(kSecret);
  const std::string token = codec.issue(sample_claims(), kNow);
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);
  const std::vector<std::string> bad = {
      "",
      ".",
      "..",
      "...",
      token.substr(0, dot2),                             // 2 segments
      token + "." + token.substr(dot2 + 1),              // 4 segments
      token + ".",                                       // trailing empty 4th segment
      token + "=",                                       // padding on the signature
      token.substr(0, dot1) + "=" + token.substr(dot1),  // padding on the header
      token.substr(0, dot2) + "=" + token.substr(dot2),  // padding on the payload
      token + "\n",
      " " + token,
      "Bearer " + token,
      token.substr(0, dot1) + "+" + token.substr(dot1 + 1),
      std::string(Hs256TokenCodec::kMaxTokenLength + 1, 'a'),
      std::string(token).insert(5, std::string("\0", 1)),
  };
  for (const auto& t : bad) EXPECT_EQ(problem(codec, t), TokenProblem::kMalformed) << t;
}

TEST(Hs256TokenCodecTest, EmptySecretIsRefused) {
  EXPECT_THROW(Hs256TokenCodec(""), std::invalid_argument);
}

TEST(Hs256TokenCodecTest, RolesRoundTripAsText) {
  for (const Role role : {Role::kCustomer, Role::kProvider, Role::kAdmin}) {
    EXPECT_EQ(auth::parse_role(auth::to_string(role)), role);
  }
  EXPECT_EQ(auth::to_string(Role::kCustomer), "customer");
  EXPECT_EQ(auth::to_string(Role::kProvider), "provider");
  EXPECT_EQ(auth::to_string(Role::kAdmin), "admin");
  EXPECT_FALSE(auth::parse_role("").has_value());
  EXPECT_FALSE(auth::parse_role("ADMIN").has_value());
  EXPECT_FALSE(auth::parse_role("admin ").has_value());
}

}  // namespace
}  // namespace janji::crypto
