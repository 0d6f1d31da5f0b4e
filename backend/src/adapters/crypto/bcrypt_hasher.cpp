#include "adapters/crypto/bcrypt_hasher.hpp"

#include <crypt.h>
#include <openssl/crypto.h>

#include <array>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace janji::crypto {

namespace {

constexpr std::size_t kHashLength = 60;  // "$2b$" + "NN$" + 22 salt + 31 hash
constexpr std::string_view kAlphabet =
    "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// libxcrypt truncates at 72 bytes and C strings stop at NUL: both would make distinct
// passwords hash alike.
bool hashable(const std::string& password) {
  return password.size() <= BcryptHasher::kMaxPasswordBytes &&
         password.find('\0') == std::string::npos;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// crypt(5): \$2[abxy]\$[0-9]{2}\$[./A-Za-z0-9]{53}, with the cost inside bcrypt's range.
bool well_formed(const std::string& hash) {
  if (hash.size() != kHashLength) return false;
  if (hash[0] != '$' || hash[1] != '2' || hash[3] != '$' || hash[6] != '$') return false;
  if (std::string_view("abxy").find(hash[2]) == std::string_view::npos) return false;
  if (!is_digit(hash[4]) || !is_digit(hash[5])) return false;
  const int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
  if (cost < BcryptHasher::kMinCost || cost > BcryptHasher::kMaxCost) return false;
  for (std::size_t i = 7; i < hash.size(); ++i) {
    if (kAlphabet.find(hash[i]) == std::string_view::npos) return false;
  }
  return true;
}

// crypt_data is ~32 KiB: heap, not the (possibly small) worker thread stack. Returns "" on
// failure; crypt_rn returns null rather than a "*0" token.
std::string run_crypt(const std::string& password, const char* setting) {
  auto data = std::make_unique<crypt_data>();  // value-initialised: zeroed as libxcrypt wants
  const char* out = crypt_rn(password.c_str(), setting, data.get(), sizeof(crypt_data));
  std::string result = out != nullptr ? std::string(out) : std::string();
  OPENSSL_cleanse(data.get(), sizeof(crypt_data));  // holds password-derived state
  return result;
}

}  // namespace

BcryptHasher::BcryptHasher(int cost) : cost_(cost) {
  if (cost < kMinCost || cost > kMaxCost) {
    throw std::invalid_argument("bcrypt cost must be between 4 and 31");
  }
  auto dummy = hash("janji timing equaliser");
  if (!dummy) throw std::runtime_error("bcrypt is unavailable in libxcrypt");
  dummy_hash_ = std::move(*dummy);
}

common::Result<std::string> BcryptHasher::hash(const std::string& password) const {
  if (!hashable(password)) {
    return common::fail(common::Error::invalid(
        "Password must be at most 72 bytes and must not contain NUL characters",
        {{"password", "must be at most 72 bytes without NUL characters"}}));
  }
  std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> setting{};
  // Null random bytes: libxcrypt draws the salt from the OS CSPRNG itself.
  if (crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost_), nullptr, 0, setting.data(),
                       static_cast<int>(setting.size())) == nullptr) {
    return common::fail(common::Error::internal());
  }
  std::string out = run_crypt(password, setting.data());
  // Guards against libxcrypt falling back to another scheme or failing.
  if (out.size() != kHashLength || out.compare(0, 4, "$2b$") != 0) {
    return common::fail(common::Error::internal());
  }
  return out;
}

bool BcryptHasher::verify(const std::string& password, const std::string& hash) const {
  if (!well_formed(hash) || !hashable(password)) return false;
  const std::string out = run_crypt(password, hash.c_str());
  if (out.size() != hash.size()) return false;
  return CRYPTO_memcmp(out.data(), hash.data(), hash.size()) == 0;
}

void BcryptHasher::burn_time(const std::string& password) const {
  [[maybe_unused]] const bool ignored = verify(password, dummy_hash_);
}

}  // namespace janji::crypto
