#include "adapters/mail/log_mailer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace janji::mail {
namespace {

namespace fs = std::filesystem;
using notifications::MailMessage;

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;  // lower-case hex is not canonical QP output
}

// Independent RFC 2045 decoder: soft breaks vanish, =XX becomes a byte, CRLF becomes '\n'.
std::string decode_qp(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=') {
      if (in.compare(i + 1, 2, "\r\n") == 0) {
        i += 2;
        continue;
      }
      const int hi = hex_value(in.at(i + 1));
      const int lo = hex_value(in.at(i + 2));
      EXPECT_GE(hi, 0);
      EXPECT_GE(lo, 0);
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (in.compare(i, 2, "\r\n") == 0) {
      out.push_back('\n');
      ++i;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

std::string decode_base64(const std::string& in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : in) {
    if (c == '=') break;
    const auto v = kAlphabet.find(c);
    EXPECT_NE(v, std::string::npos);
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

// Decodes a header value made of folded "=?UTF-8?B?...?=" words.
std::string decode_encoded_words(const std::string& value) {
  static const std::regex kWord(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  std::string out;
  for (auto it = std::sregex_iterator(value.begin(), value.end(), kWord);
       it != std::sregex_iterator(); ++it) {
    out += decode_base64((*it)[1].str());
  }
  return out;
}

struct ParsedPart {
  std::map<std::string, std::string> headers;
  std::string body;  // still encoded
};

struct ParsedEml {
  std::map<std::string, std::string> headers;  // unfolded
  std::vector<ParsedPart> parts;
  bool closed = false;
};

std::map<std::string, std::string> parse_headers(const std::string& block) {
  std::map<std::string, std::string> headers;
  std::string unfolded;
  // Unfolding per RFC 5322: drop CRLF that is followed by whitespace.
  for (std::size_t i = 0; i < block.size(); ++i) {
    if (block.compare(i, 2, "\r\n") == 0 && i + 2 < block.size() &&
        (block[i + 2] == ' ' || block[i + 2] == '\t')) {
      ++i;
      continue;
    }
    unfolded.push_back(block[i]);
  }
  std::istringstream lines(unfolded);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    headers[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return headers;
}

ParsedEml parse_eml(const std::string& eml) {
  ParsedEml parsed;
  const auto split = eml.find("\r\n\r\n");
  EXPECT_NE(split, std::string::npos);
  parsed.headers = parse_headers(eml.substr(0, split + 2));
  const std::string& content_type = parsed.headers["Content-Type"];
  static const std::regex kBoundary(R"(boundary="([^"]+)\")");
  std::smatch m;
  EXPECT_TRUE(std::regex_search(content_type, m, kBoundary)) << content_type;
  const std::string delimiter = "\r\n--" + m[1].str();
  const std::string body = eml.substr(split + 2);  // keep the CRLF that precedes a delimiter
  std::size_t pos = body.find(delimiter);
  while (pos != std::string::npos) {
    const std::size_t after = pos + delimiter.size();
    if (body.compare(after, 4, "--\r\n") == 0) {
      parsed.closed = true;
      break;
    }
    const std::size_t start = after + 2;  // skip CRLF after the delimiter
    const std::size_t next = body.find(delimiter, start);
    const std::string chunk = body.substr(start, next - start);
    const auto part_split = chunk.find("\r\n\r\n");
    ParsedPart part;
    part.headers = parse_headers(chunk.substr(0, part_split + 2));
    part.body = chunk.substr(part_split + 4);
    parsed.parts.push_back(part);
    pos = next;
  }
  return parsed;
}

class LogMailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("janji_log_mailer_test_" + std::to_string(rd()));
    outbox_ = dir_ / "outbox";  // does not exist yet: send() must create it
  }
  void TearDown() override { fs::remove_all(dir_); }

  MailMessage sample() const {
    return MailMessage{
        "budi@example.com",
        "Budi Santoso",
        "Verifikasi email Anda",
        "Halo Budi,\n\nBuka https://janji.test/verify?token=abc&x=1\n",
        "<p>Halo Budi,</p>\n<p><a href=\"https://janji.test/v?a=1&amp;b=2\">Verifikasi</a></p>\n",
        "",
        std::nullopt};
  }

  fs::path dir_;
  fs::path outbox_;
};

TEST_F(LogMailerTest, WritesOneCompleteCrlfMessage) {
  LogMailer mailer(outbox_, "noreply@janji.id", "Janji");
  const MailMessage message = sample();
  ASSERT_TRUE(mailer.send(message).has_value());

  const auto files = files_in(outbox_);
  ASSERT_EQ(files.size(), 1u);  // the temporary file is gone
  EXPECT_TRUE(std::regex_match(files[0].filename().string(),
                               std::regex(R"(\d{8}T\d{6}Z-[0-9a-f]{8}\.eml)")))
      << files[0];

  const std::string eml = read_all(files[0]);
  for (std::size_t i = 0; i < eml.size(); ++i) {
    if (eml[i] == '\n') {
      ASSERT_TRUE(i > 0 && eml[i - 1] == '\r') << "bare LF at " << i;
    }
    if (eml[i] == '\r') {
      ASSERT_TRUE(i + 1 < eml.size() && eml[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  for (const char c : eml) ASSERT_LT(static_cast<unsigned char>(c), 0x80) << "8-bit byte in file";

  const ParsedEml parsed = parse_eml(eml);
  const auto& h = parsed.headers;
  EXPECT_TRUE(std::regex_match(
      h.at("Date"),
      std::regex(
          R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000)")))
      << h.at("Date");
  EXPECT_EQ(h.at("From"), "\"Janji\" <noreply@janji.id>");
  EXPECT_EQ(h.at("To"), "\"Budi Santoso\" <budi@example.com>");
  EXPECT_EQ(h.at("Subject"), "Verifikasi email Anda");
  EXPECT_TRUE(std::regex_match(h.at("Message-ID"), std::regex(R"(<[0-9a-f]+@janji\.id>)")));
  EXPECT_EQ(h.at("MIME-Version"), "1.0");
  EXPECT_EQ(h.at("Content-Type").rfind("multipart/alternative;", 0), 0u);

  ASSERT_EQ(parsed.parts.size(), 2u);
  EXPECT_TRUE(parsed.closed);
  EXPECT_EQ(parsed.parts[0].headers.at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(parsed.parts[1].headers.at("Content-Type"), "text/html; charset=UTF-8");
  for (const auto& part : parsed.parts) {
    EXPECT_EQ(part.headers.at("Content-Transfer-Encoding"), "quoted-printable");
  }
  EXPECT_EQ(decode_qp(parsed.parts[0].body), message.text_body);
  EXPECT_EQ(decode_qp(parsed.parts[1].body), message.html_body);
}

TEST_F(LogMailerTest, QuotedPrintableRoundTripsLongNonAsciiLines) {
  LogMailer mailer(outbox_, "noreply@janji.id", "Janji");
  MailMessage message = sample();
  std::string long_line;
  for (int i = 0; i < 12; ++i) long_line += "Jadwal Anda: Senin ☕ pukul 10.00 — harga = Rp 50.000 ";
  message.text_body = long_line + "\n.titik di awal\ntab di akhir\t\nCRLF juga\r\nselesai";
  ASSERT_TRUE(mailer.send(message).has_value());

  const auto files = files_in(outbox_);
  ASSERT_EQ(files.size(), 1u);
  const ParsedEml parsed = parse_eml(read_all(files[0]));
  ASSERT_EQ(parsed.parts.size(), 2u);
  const std::string& encoded = parsed.parts[0].body;

  std::istringstream lines(encoded);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    EXPECT_LE(line.size(), 76u) << line;
    if (!line.empty()) {
      EXPECT_TRUE(line.back() != ' ' && line.back() != '\t') << line;
    }
    ++count;
  }
  EXPECT_GT(count, 10);  // the long line was soft-broken
  std::string expected = message.text_body;
  expected.erase(expected.find('\r'), 1);  // CRLF in the input is one hard break
  EXPECT_EQ(decode_qp(encoded), expected);
}

TEST(QuotedPrintableTest, EncodesSpecialBytes) {
  EXPECT_EQ(encode_quoted_printable("a=b"), "a=3Db");
  EXPECT_EQ(encode_quoted_printable("trailing \nnext"), "trailing=20\r\nnext");
  EXPECT_EQ(encode_quoted_printable("é"), "=C3=A9");
  EXPECT_EQ(encode_quoted_printable(".\n"), "=2E\r\n");
  EXPECT_EQ(encode_quoted_printable(std::string(76, 'a')), std::string(76, 'a'));
  EXPECT_EQ(encode_quoted_printable(std::string(77, 'a')), std::string(75, 'a') + "=\r\n" + "aa");
}

TEST_F(LogMailerTest, NonAsciiHeadersAreEncodedWords) {
  LogMailer mailer(outbox_, "halo@janji.id", "Janji — Jadwal");
  MailMessage message = sample();
  message.to_name = "Siti Nurhaliza Ñandú \"SN\"";
  message.subject =
      "Pengingat: janji temu Anda besok ☕ — jangan lupa datang tepat waktu ya, sampai jumpa!";
  ASSERT_TRUE(mailer.send(message).has_value());

  const auto files = files_in(outbox_);
  ASSERT_EQ(files.size(), 1u);
  const std::string eml = read_all(files[0]);
  const std::string header_block = eml.substr(0, eml.find("\r\n\r\n") + 2);
  std::istringstream lines(header_block);
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(line.size(), 79u) << line;  // 78 + '\r'

  const ParsedEml parsed = parse_eml(eml);
  const std::string subject = parsed.headers.at("Subject");
  EXPECT_EQ(subject.rfind("=?UTF-8?B?", 0), 0u) << subject;
  EXPECT_EQ(decode_encoded_words(subject), message.subject);

  const std::string to = parsed.headers.at("To");
  EXPECT_NE(to.find("<budi@example.com>"), std::string::npos);
  EXPECT_EQ(decode_encoded_words(to.substr(0, to.find(" <"))), message.to_name);
  const std::string from = parsed.headers.at("From");
  EXPECT_EQ(decode_encoded_words(from.substr(0, from.find(" <"))), "Janji — Jadwal");
}

TEST_F(LogMailerTest, RejectsHeaderInjectionAndWritesNothing) {
  LogMailer mailer(outbox_, "noreply@janji.id", "Janji");
  std::vector<MailMessage> bad;
  bad.push_back(sample());
  bad.back().to_email = "budi@example.com\r\nBcc: victim@example.com";
  bad.push_back(sample());
  bad.back().to_name = "Budi\nBcc: victim@example.com";
  bad.push_back(sample());
  bad.back().subject = "Halo\rBcc: victim@example.com";
  bad.push_back(sample());
  bad.back().to_email = "budi@example.com, victim@example.com";
  for (const MailMessage& message : bad) {
    const auto status = mailer.send(message);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().kind, common::ErrorKind::kInvalidArgument);
  }
  EXPECT_TRUE(files_in(outbox_).empty());
}

TEST(LogMailerConstruction, RejectsBadSender) {
  EXPECT_THROW(LogMailer("/tmp/x", "not an address", "Janji"), std::invalid_argument);
  EXPECT_THROW(LogMailer("/tmp/x", "a@b.test", "Janji\r\nBcc: x@y"), std::invalid_argument);
}

TEST_F(LogMailerTest, ConcurrentSendsWriteDistinctFiles) {
  LogMailer mailer(outbox_, "noreply@janji.id", "Janji");
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::vector<int> ok(kThreads, 0);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      MailMessage message = sample();
      message.to_email = "user" + std::to_string(i) + "@example.com";
      ok[i] = mailer.send(message).has_value() ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(ok.begin(), ok.end(), 1), kThreads);

  const auto files = files_in(outbox_);
  ASSERT_EQ(files.size(), static_cast<std::size_t>(kThreads));
  std::set<std::string> recipients;
  for (const auto& file : files) {
    EXPECT_EQ(file.extension(), ".eml");
    const ParsedEml parsed = parse_eml(read_all(file));
    EXPECT_TRUE(parsed.closed);
    EXPECT_EQ(parsed.parts.size(), 2u);
    recipients.insert(parsed.headers.at("To"));
  }
  EXPECT_EQ(recipients.size(), static_cast<std::size_t>(kThreads));
}

}  // namespace
}  // namespace janji::mail
