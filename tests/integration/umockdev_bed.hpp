// An umockdev testbed made and changed by the test process while a yicid under umockdev's preload library
// runs on it: devices plugged, unplugged and moved, as the kernel shows them in sysfs and /dev. The test
// process runs under the preload too (CTest sets LD_PRELOAD), or the uevents it sends would describe the
// machine's devices.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

struct _UMockdevTestbed;
struct _UMockdevIoctlBase;
struct _GMainContext;
struct _GMainLoop;

namespace yici::itest {

class UmockdevBed {
  public:
    UmockdevBed();
    ~UmockdevBed();
    UmockdevBed(const UmockdevBed&) = delete;
    UmockdevBed& operator=(const UmockdevBed&) = delete;

    // Devices in umockdev's text format (P:, E:, A:, H:, L: lines).
    void add(std::string_view devices);
    // The device and its children leave sysfs (with a "remove" uevent).
    void remove(const std::string& syspath);
    // /dev/NAME in the testbed, as a link to a real device node (e.g. yici-devsim's reader pty); "" removes
    // it.
    void linkNode(const std::string& name, const std::filesystem::path& target);
    // `handler` answers the preload's ioctls, reads and writes on /dev node `dev`
    // (umockdev_testbed_attach_ioctl).
    void attach(const std::string& dev, _UMockdevIoctlBase* handler);
    // VAR=VALUE for a yicid that is to see this testbed (Bench::yicid_env).
    std::vector<std::string> env() const;

  private:
    _UMockdevTestbed* testbed_;
    _GMainContext* context_;
    _GMainLoop* loop_;
    _UMockdevIoctlBase* handler_;
    std::thread thread_;
};

}  // namespace yici::itest
