// USB printers through libusb: detach usblp, claim the printer interface, bulk OUT for jobs, bulk IN for
// status. libusb calls block, so they all run on the transport's own thread, never on the Asio thread.
#include <libusb.h>

#include <boost/asio/thread_pool.hpp>

#include <fmt/format.h>
#include <atomic>

#include "base/async.hpp"
#include "transport.hpp"
#include "usb_framing.hpp"
#include "yici/hal/errors.hpp"

namespace yici::escpos {
namespace {

namespace asio = boost::asio;

constexpr std::size_t max_transfer = 16 * 1024;

std::vector<UsbInterfaceDesc> describeInterfaces(const libusb_config_descriptor& config) {
    std::vector<UsbInterfaceDesc> out;
    for (int i = 0; i < config.bNumInterfaces; ++i) {
        const libusb_interface& itf = config.interface[i];
        for (int a = 0; a < itf.num_altsetting; ++a) {
            const libusb_interface_descriptor& alt = itf.altsetting[a];
            UsbInterfaceDesc desc{alt.bInterfaceNumber, alt.bAlternateSetting, alt.bInterfaceClass, {}};
            for (int e = 0; e < alt.bNumEndpoints; ++e) {
                const libusb_endpoint_descriptor& ep = alt.endpoint[e];
                desc.endpoints.push_back({ep.bEndpointAddress, ep.bmAttributes, ep.wMaxPacketSize});
            }
            out.push_back(std::move(desc));
        }
    }
    return out;
}

class UsbTransport final : public Transport {
  public:
    UsbTransport(asio::any_io_executor /*executor*/, hal::PrinterUri uri) : uri_(std::move(uri)) {}

    ~UsbTransport() override {
        asio::post(thread_, [this] { closeOnThread(); });
        thread_.join();
        if (context_ != nullptr) libusb_exit(context_);
    }

    asio::awaitable<Expected<void>> open() override {
        auto job = [this] { return openOnThread(); };
        co_return co_await offload(thread_.get_executor(), std::move(job));
    }

    asio::awaitable<Expected<void>> write(std::span<const std::uint8_t> bytes) override {
        auto job = [this, bytes]() -> Expected<void> {
            if (handle_ == nullptr) return fail(hal::Errc::printer_unreachable, describe() + ": not open");
            for (const UsbChunk& chunk : planBulkOut(bytes.size(), max_transfer, endpoints_.out_max_packet)) {
                int sent = 0;
                auto* data =
                    const_cast<unsigned char*>(bytes.data() + chunk.offset);  // libusb's API is not const
                const int rc = libusb_bulk_transfer(
                    handle_, endpoints_.bulk_out, data, static_cast<int>(chunk.length), &sent,
                    static_cast<int>(std::chrono::milliseconds(write_timeout).count()));
                if (rc != 0) return lost(rc);
            }
            return {};
        };
        co_return co_await offload(thread_.get_executor(), std::move(job));
    }

    asio::awaitable<Expected<Bytes>> read(std::size_t n, std::chrono::milliseconds timeout) override {
        auto job = [this, n, timeout]() -> Expected<Bytes> {
            if (handle_ == nullptr) return fail(hal::Errc::printer_unreachable, describe() + ": not open");
            if (!endpoints_.bulk_in)
                return fail(hal::Errc::printer_no_status, describe() + ": printer has no bulk IN endpoint");
            Bytes out(n);
            std::size_t got = 0;
            while (got < n) {
                int received = 0;
                const int rc = libusb_bulk_transfer(handle_, *endpoints_.bulk_in, out.data() + got,
                                                    static_cast<int>(n - got), &received,
                                                    static_cast<unsigned>(timeout.count()));
                if (rc == LIBUSB_ERROR_TIMEOUT) {
                    return fail(hal::Errc::printer_timeout,
                                fmt::format("{}: no status reply within {} ms", describe(), timeout.count()));
                }
                if (rc != 0) return lost(rc);
                got += static_cast<std::size_t>(received);
            }
            return out;
        };
        co_return co_await offload(thread_.get_executor(), std::move(job));
    }

    asio::awaitable<void> discardInput() override {
        auto job = [this] {
            if (handle_ == nullptr || !endpoints_.bulk_in) return 0;
            unsigned char sink[64];
            int received = 1;
            while (received > 0) {
                received = 0;
                if (libusb_bulk_transfer(handle_, *endpoints_.bulk_in, sink, sizeof sink, &received, 10) != 0)
                    break;
            }
            return 0;
        };
        co_await offload(thread_.get_executor(), std::move(job));
    }

    void close() override {
        open_ = false;  // at once: a job queued behind this close must not see an open device
        asio::post(thread_, [this] { closeOnThread(); });
    }

    bool isOpen() const override { return open_; }
    std::string describe() const override {
        return fmt::format("usb {:04x}:{:04x}", uri_.vendor_id, uri_.product_id);
    }

  private:
    Expected<void> openOnThread() {
        closeOnThread();
        if (context_ == nullptr && libusb_init(&context_) != 0) {
            context_ = nullptr;
            return fail(hal::Errc::printer_unreachable, "libusb could not start");
        }
        libusb_device** list = nullptr;
        const ssize_t count = libusb_get_device_list(context_, &list);
        for (ssize_t i = 0; i < count && handle_ == nullptr; ++i) {
            libusb_device_descriptor desc{};
            if (libusb_get_device_descriptor(list[i], &desc) != 0) continue;
            if (desc.idVendor != uri_.vendor_id || desc.idProduct != uri_.product_id) continue;
            libusb_device_handle* handle = nullptr;
            if (libusb_open(list[i], &handle) != 0) continue;
            if (!uri_.serial.empty() && !serialMatches(handle, desc.iSerialNumber)) {
                libusb_close(handle);
                continue;
            }
            handle_ = handle;
        }
        if (list != nullptr) libusb_free_device_list(list, 1);
        if (handle_ == nullptr)
            return fail(hal::Errc::printer_unreachable, describe() + ": no such device on the USB bus");

        libusb_config_descriptor* config = nullptr;
        if (libusb_get_active_config_descriptor(libusb_get_device(handle_), &config) != 0)
            return lost(LIBUSB_ERROR_IO);
        const auto interfaces = describeInterfaces(*config);
        libusb_free_config_descriptor(config);
        auto endpoints = findPrinterEndpoints(interfaces);
        if (!endpoints) {
            closeOnThread();
            return fail(hal::Errc::printer_unsupported,
                        describe() + ": no printer-class interface with a bulk OUT endpoint");
        }
        endpoints_ = *endpoints;
        if (libusb_kernel_driver_active(handle_, endpoints_.interface_number) == 1) {
            libusb_detach_kernel_driver(handle_, endpoints_.interface_number);  // usblp holds it otherwise
        }
        if (const int rc = libusb_claim_interface(handle_, endpoints_.interface_number); rc != 0)
            return lost(rc);
        if (endpoints_.alt_setting != 0) {
            libusb_set_interface_alt_setting(handle_, endpoints_.interface_number, endpoints_.alt_setting);
        }
        claimed_ = true;
        open_ = true;
        return {};
    }

    bool serialMatches(libusb_device_handle* handle, std::uint8_t index) const {
        unsigned char serial[128] = {};
        const int n = libusb_get_string_descriptor_ascii(handle, index, serial, sizeof serial);
        return n > 0 &&
               uri_.serial == std::string(reinterpret_cast<char*>(serial), static_cast<std::size_t>(n));
    }

    void closeOnThread() {
        if (handle_ != nullptr) {
            if (claimed_) libusb_release_interface(handle_, endpoints_.interface_number);
            libusb_close(handle_);
        }
        handle_ = nullptr;
        claimed_ = false;
        open_ = false;
    }

    std::unexpected<Error> lost(int rc) {
        closeOnThread();
        if (rc == LIBUSB_ERROR_NO_DEVICE) {
            return fail(hal::Errc::printer_disconnected,
                        fmt::format("{}: unplugged ({})", describe(), libusb_error_name(rc)));
        }
        if (rc == LIBUSB_ERROR_BUSY) {
            return fail(hal::Errc::printer_unreachable,
                        fmt::format("{}: in use by another program, which holds its printer interface ({})",
                                    describe(), libusb_error_name(rc)));
        }
        return fail(hal::Errc::printer_unreachable, fmt::format("{}: {}", describe(), libusb_error_name(rc)));
    }

    hal::PrinterUri uri_;
    asio::thread_pool thread_{1};
    libusb_context* context_ = nullptr;
    libusb_device_handle* handle_ = nullptr;
    UsbPrinterEndpoints endpoints_;
    bool claimed_ = false;
    std::atomic<bool> open_ = false;
};

}  // namespace

std::unique_ptr<Transport> makeUsbTransport(asio::any_io_executor executor, hal::PrinterUri uri) {
    return std::make_unique<UsbTransport>(std::move(executor), std::move(uri));
}

}  // namespace yici::escpos
