#include "adapters/http/content_coding.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace janji::http {
namespace {

std::string gunzip(const std::string& in, std::size_t expected_size) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(expected_size * 2 + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

Response json_of(std::size_t bytes) {
  Response r;
  r.set_header("Content-Type", "application/json");
  std::string body = "{\"slots\":[";
  while (body.size() < bytes) body += "{\"start_time\":\"09:00\",\"end_time\":\"10:00\"},";
  body.back() = ']';
  body += "}";
  r.body = body;
  return r;
}

TEST(ContentCoding, AcceptsFollowsQValuesAndTheWildcard) {
  EXPECT_TRUE(accepts_coding("gzip, deflate, br", "gzip"));
  EXPECT_TRUE(accepts_coding("GZIP;q=0.5", "gzip"));
  EXPECT_FALSE(accepts_coding("gzip;q=0", "gzip"));
  EXPECT_FALSE(accepts_coding("br", "gzip"));
  EXPECT_TRUE(accepts_coding("*", "gzip"));
  EXPECT_FALSE(accepts_coding("*, gzip;q=0", "gzip"));
  EXPECT_FALSE(accepts_coding("", "gzip"));
  EXPECT_FALSE(accepts_coding("gzip;q=2", "gzip"));  // out of range: not honoured
}

TEST(ContentCoding, LargeJsonIsGzippedWhenAskedAndDecodesToTheSameBytes) {
  auto r = json_of(40'000);
  const auto original = r.body;
  compress_if_accepted("gzip, br", r);
  EXPECT_EQ(r.header("Content-Encoding"), "gzip");
  EXPECT_EQ(r.header("Vary"), "Accept-Encoding");
  EXPECT_LT(r.body.size(), original.size() / 5);
  EXPECT_TRUE(gunzip(r.body, original.size()) == original);  // not EQ: 40 kB in a failure
}

TEST(ContentCoding, LeavesAloneWhatItShouldNotCompress) {
  auto not_asked = json_of(40'000);
  const auto original = not_asked.body;
  compress_if_accepted("br", not_asked);
  EXPECT_EQ(not_asked.body, original);
  EXPECT_FALSE(not_asked.header("Content-Encoding"));
  EXPECT_EQ(not_asked.header("Vary"), "Accept-Encoding");  // caches must still tell them apart

  auto small = json_of(100);
  compress_if_accepted("gzip", small);
  EXPECT_FALSE(small.header("Content-Encoding"));

  auto precompressed = json_of(40'000);
  precompressed.set_header("Content-Encoding", "br");
  precompressed.set_header("Vary", "Accept-Encoding");
  compress_if_accepted("gzip", precompressed);
  EXPECT_EQ(precompressed.header("Content-Encoding"), "br");
  EXPECT_EQ(precompressed.header("Vary"), "Accept-Encoding");

  Response html;
  html.set_header("Content-Type", "text/html");
  html.body.assign(5000, 'a');
  compress_if_accepted("gzip", html);
  EXPECT_FALSE(html.header("Content-Encoding"));
}

}  // namespace
}  // namespace janji::http
