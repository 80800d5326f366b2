#include "net/frame_decoder.h"

#include <cstdint>

#include "core/i18n/messages.h"

namespace kring {

std::string DescribeBytes(size_t n) {
  if (n >= (1u << 20)) {
    return i18n::Tr("net.size.mib",
                    {{"size", i18n::Arg::Decimal(static_cast<double>(n) / (1u << 20), 1)}});
  }
  if (n >= 1024) {
    return i18n::Tr("net.size.kib",
                    {{"size", i18n::Arg::Decimal(static_cast<double>(n) / 1024, 1)}});
  }
  return i18n::Tr("net.size.bytes", {{"n", n}});
}

std::string EncodeFrame(std::string_view payload) {
  const auto n = static_cast<uint32_t>(payload.size());
  std::string out{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                  static_cast<char>(n)};
  out += payload;
  return out;
}

void FrameDecoder::Append(std::string_view bytes) {
  if (failed_) return;
  // Drop what was handed out before growing, so the buffer stays near one frame in size.
  if (consumed_ > 0 && consumed_ >= buffer_.size() / 2) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(bytes);
}

Result<std::optional<std::string>> FrameDecoder::Next() {
  if (failed_) return Status::Network(failure_);
  if (buffered_bytes() < kFrameHeaderBytes) return std::optional<std::string>();
  const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data() + consumed_);
  const size_t length = (size_t{p[0]} << 24) | (size_t{p[1]} << 16) | (size_t{p[2]} << 8) | p[3];
  if (length == 0 || length > max_frame_bytes_) {
    failed_ = true;
    failure_ = length == 0
                   ? i18n::Tr("net.empty_frame")
                   : i18n::Tr("net.frame_too_large", {{"size", DescribeBytes(length)},
                                                      {"max", DescribeBytes(max_frame_bytes_)}});
    buffer_.clear();
    consumed_ = 0;
    return Status::Network(failure_);
  }
  if (buffered_bytes() < kFrameHeaderBytes + length) return std::optional<std::string>();
  std::string frame = buffer_.substr(consumed_ + kFrameHeaderBytes, length);
  consumed_ += kFrameHeaderBytes + length;
  if (consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = 0;
  }
  return std::optional<std::string>(std::move(frame));
}

Status FrameDecoder::Finish() const {
  if (failed_) return Status::Network(failure_);
  if (buffered_bytes() == 0) return Status::Ok();
  return Status::Network(
      i18n::Tr("net.ended_mid_frame", {{"size", DescribeBytes(buffered_bytes())}}));
}

}  // namespace kring
