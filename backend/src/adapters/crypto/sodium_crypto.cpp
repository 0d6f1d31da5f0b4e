#include "adapters/crypto/sodium_crypto.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace janji::crypto {

namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

}  // namespace

SodiumCrypto::SodiumCrypto() {
  // 0 = initialised now, 1 = already initialised; both are fine.
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
}

std::string SodiumCrypto::random_token() const {
  std::array<unsigned char, kTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, kBase64Variant)> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kBase64Variant);
  sodium_memzero(bytes.data(), bytes.size());
  std::string token(text.data());
  sodium_memzero(text.data(), text.size());
  return token;
}

std::string SodiumCrypto::new_uuid() const {
  std::array<unsigned char, 16> b{};
  randombytes_buf(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0x0F]);
  }
  return out;
}

std::string SodiumCrypto::sha256_hex(std::string_view data) const {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  static const unsigned char kEmpty = 0;  // never hand libsodium a null pointer
  const auto* in = data.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(data.data());
  crypto_hash_sha256(digest.data(), in, data.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());  // lowercase
  return std::string(hex.data(), hex.size() - 1);
}

bool SodiumCrypto::equal_constant_time(std::string_view a, std::string_view b) const {
  // Lengths are not secret here (tokens and digests have fixed sizes).
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace janji::crypto
