// An 80 mm USB receipt printer as the kernel's usbfs shows it to libusb, answered from this process through
// umockdev's ioctl emulation: the Custom VKP80III (0dd4:0195) with one printer-class interface (class 7,
// bidirectional), bulk OUT 0x01 and bulk IN 0x82. It takes jobs, answers DLE EOT n and GS r 1, starts with
// the kernel's usblp driver bound, and can be held by another program or pulled out in the middle of a job.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "printer/escpos/decoder.hpp"

struct _UMockdevIoctlBase;
struct _UMockdevIoctlClient;
struct _UMockdevIoctlData;

namespace yici::itest {

class UsbPrinterDouble {
  public:
    UsbPrinterDouble();
    ~UsbPrinterDouble();
    UsbPrinterDouble(const UsbPrinterDouble&) = delete;
    UsbPrinterDouble& operator=(const UsbPrinterDouble&) = delete;

    // Where the device sits: plugged into USB port `port` (e.g. "1-3") of bus 1, as device `devnum` (a
    // replugged device gets the next number from the kernel).
    struct Place {
        std::string port;
        int devnum;
        std::string node() const;     // /dev/bus/usb/001/NNN
        std::string syspath() const;  // /sys/devices/.../usb1/PORT
        std::string sysfs() const;    // the device in umockdev's text format (attributes, descriptors, node)
    };
    _UMockdevIoctlBase* handler() const { return handler_; }

    void holdElsewhere(bool held);         // another program has claimed the interface: EBUSY
    void unplugAfterBytes(std::size_t n);  // gone (ENODEV) once n more job bytes came in
    void plugBackIn();                     // answers again, usblp bound again, nothing received
    bool kernelDriverBound() const;
    bool claimed() const;
    std::size_t cuts() const;  // tickets cut since plugged in

  private:
    bool handle(_UMockdevIoctlClient* client);
    void submit(_UMockdevIoctlClient* client);
    void reap(_UMockdevIoctlClient* client);
    void discard(_UMockdevIoctlClient* client);
    void received(const std::uint8_t* bytes, std::size_t n);
    void fillPendingReads();

    _UMockdevIoctlBase* handler_;
    mutable std::mutex mutex_;
    bool usblp_ = true, claimed_ = false, held_ = false, unplugged_ = false;
    std::size_t unplug_after_ = 0;  // 0: stays
    escpos::Decoder decoder_;
    std::size_t bytes_ = 0;  // job bytes received since plugged in
    std::size_t cuts_ = 0;
    std::deque<std::uint8_t> replies_;         // status bytes the printer has to send
    std::deque<_UMockdevIoctlData*> done_;     // URBs to reap (a reference each)
    std::deque<_UMockdevIoctlData*> reading_;  // bulk IN URBs waiting for bytes
};

}  // namespace yici::itest
