#include "adapters/payments/openssl_sha512.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace janji::payments {

std::string OpenSslSha512::hex_digest(std::string_view data) const {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha512(), nullptr) != 1 ||
      length != 64) {
    throw std::runtime_error("OpenSSL SHA-512 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0F]);
  }
  return out;
}

}  // namespace janji::payments
