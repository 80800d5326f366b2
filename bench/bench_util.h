// What every benchmark prints next to its figures: the machine it ran on and the memory it
// needed, and the raw loopback TCP throughput that network figures are compared against.
// Header-only: the build makes each bench/*.cc a program of its own.
#pragma once

#include <sched.h>
#include <sys/resource.h>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

namespace kring::bench {

// The CPUs this process may run on, as `nproc` counts them (the affinity mask, which a container
// or taskset may narrow below the machine's count).
inline unsigned Nproc() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) return static_cast<unsigned>(CPU_COUNT(&set));
  return std::thread::hardware_concurrency();
}

// The "model name" line of /proc/cpuinfo, or "unknown CPU".
inline std::string CpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) != 0) continue;
    const size_t colon = line.find(':');
    if (colon != std::string::npos && colon + 2 <= line.size()) return line.substr(colon + 2);
  }
  return "unknown CPU";
}

// "machine: 2 cores (nproc), <CPU model>" — every figure depends on it.
inline void PrintMachine() {
  std::printf("machine: %u cores (nproc), %s\n", Nproc(), CpuModel().c_str());
}

// The most memory this process has held resident so far, in MiB (getrusage ru_maxrss).
inline double PeakRssMiB() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

inline void PrintPeakRss() {
  std::printf("peak resident memory of this process: %.1f MiB (getrusage ru_maxrss)\n",
              PeakRssMiB());
}

// Raw TCP over 127.0.0.1 in MiB/s: `total` bytes in writes of `chunk` bytes to a reader on
// another thread, timed until the reader has read the last byte. The ceiling for anything Kring
// sends over loopback, measured in the same run as the figure it is compared with.
inline double RawLoopbackTcpMiBps(uint64_t total, size_t chunk) {
  using asio::ip::tcp;
  asio::io_context io;
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  std::thread reader([&acceptor] {
    tcp::socket socket = acceptor.accept();
    std::string buffer(1 << 20, '\0');
    std::error_code ec;
    while (!ec) socket.read_some(asio::buffer(buffer), ec);  // until the writer's EOF
  });
  tcp::socket writer(io);
  writer.connect(acceptor.local_endpoint());
  const std::string payload(chunk, 'k');
  const auto start = std::chrono::steady_clock::now();
  for (uint64_t sent = 0; sent < total; sent += chunk) asio::write(writer, asio::buffer(payload));
  writer.shutdown(tcp::socket::shutdown_send);
  reader.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(total) / seconds / (1 << 20);
}

}  // namespace kring::bench
