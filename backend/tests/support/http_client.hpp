#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace janji::testing {

struct HttpResult {
  long status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json;  // parsed body, or null

  std::string header(const std::string& lower_name) const;
};

// A real HTTP/1.1 client (libcurl) for the integration tests.
class HttpClient {
 public:
  explicit HttpClient(std::string base_url) : base_url_(std::move(base_url)) {}

  HttpResult request(const std::string& method, const std::string& path,
                     const std::string& body = "",
                     const std::vector<std::string>& headers = {}) const;
  HttpResult get(const std::string& path, const std::vector<std::string>& headers = {}) const {
    return request("GET", path, "", headers);
  }
  HttpResult post(const std::string& path, const nlohmann::json& body,
                  std::vector<std::string> headers = {}) const;

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
};

}  // namespace janji::testing
