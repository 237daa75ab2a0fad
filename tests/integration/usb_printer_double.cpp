// The usbfs side of an emulated USB printer: what the kernel would answer libusb's ioctls, URB by URB.
#include "usb_printer_double.hpp"

#include <linux/usbdevice_fs.h>

#include <umockdev.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>

namespace yici::itest {
namespace {

// Device (18 bytes), configuration (9), the printer interface (9: class 7, subclass 1, protocol 2) and its
// two bulk endpoints (7 each), as sysfs' "descriptors" holds them.
constexpr const char* descriptors =
    "1201000200000040d40d9501000101020301"  // device: USB 2.0, 64-byte EP0, 0dd4:0195, strings 1-3
    "09022000010100c032"                    // configuration 1: one interface, 32 bytes in all
    "090400000207010200"                    // interface 0: two endpoints, printer, bidirectional
    "07050102400000"                        // bulk OUT 0x01, 64 bytes
    "07058202400000";                       // bulk IN 0x82, 64 bytes

void finish(UMockdevIoctlClient* client, long result, int error_number) {
    umockdev_ioctl_client_complete(client, result, error_number);
}

}  // namespace

UsbPrinterDouble::UsbPrinterDouble() : handler_(umockdev_ioctl_base_new()) {
    g_signal_connect(
        handler_, "handle-ioctl",
        G_CALLBACK(+[](UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) -> gboolean {
            return static_cast<UsbPrinterDouble*>(self)->handle(client) ? TRUE : FALSE;
        }),
        this);
}

UsbPrinterDouble::~UsbPrinterDouble() {
    for (auto* urb : done_) g_object_unref(urb);
    for (auto* urb : reading_) g_object_unref(urb);
    g_object_unref(handler_);
}

std::string UsbPrinterDouble::Place::node() const {
    return fmt::format("/dev/bus/usb/001/{:03}", devnum);
}

std::string UsbPrinterDouble::Place::syspath() const {
    return "/sys/devices/pci0000:00/0000:00:14.0/usb1/" + port;
}

std::string UsbPrinterDouble::Place::sysfs() const {
    return fmt::format(R"(P: {path}
N: bus/usb/001/{devnum:03}
E: DEVNAME=/dev/bus/usb/001/{devnum:03}
E: DEVTYPE=usb_device
E: SUBSYSTEM=usb
E: BUSNUM=001
E: DEVNUM={devnum:03}
E: PRODUCT=dd4/195/100
A: idVendor=0dd4
A: idProduct=0195
A: busnum=1
A: devnum={devnum}
A: speed=12
A: bConfigurationValue=1
A: bNumInterfaces= 1
A: manufacturer=CUSTOM Engineering S.p.A.
A: product=VKP80III
H: descriptors={hex}

P: {path}/{port}:1.0
E: DEVTYPE=usb_interface
E: SUBSYSTEM=usb
E: DRIVER=usblp
A: bInterfaceClass=07
A: bInterfaceSubClass=01
A: bInterfaceProtocol=02
A: bInterfaceNumber=00
A: bAlternateSetting= 0
)",
                       fmt::arg("path", syspath().substr(4)), fmt::arg("port", port),
                       fmt::arg("devnum", devnum), fmt::arg("hex", descriptors));
}

void UsbPrinterDouble::holdElsewhere(bool held) {
    std::lock_guard lock(mutex_);
    held_ = held;
}

void UsbPrinterDouble::unplugAfterBytes(std::size_t n) {
    std::lock_guard lock(mutex_);
    unplug_after_ = bytes_ + n;
}

void UsbPrinterDouble::plugBackIn() {
    std::lock_guard lock(mutex_);
    unplugged_ = false;
    unplug_after_ = 0;
    usblp_ = true;
    claimed_ = false;
    decoder_ = escpos::Decoder();
    bytes_ = 0;
    cuts_ = 0;
    replies_.clear();
}

bool UsbPrinterDouble::kernelDriverBound() const {
    std::lock_guard lock(mutex_);
    return usblp_;
}

bool UsbPrinterDouble::claimed() const {
    std::lock_guard lock(mutex_);
    return claimed_;
}

std::size_t UsbPrinterDouble::cuts() const {
    std::lock_guard lock(mutex_);
    return cuts_;
}

bool UsbPrinterDouble::handle(UMockdevIoctlClient* client) {
    const unsigned long request = umockdev_ioctl_client_get_request(client);
    std::unique_lock lock(mutex_);
    if (unplugged_) {
        finish(client, -1, ENODEV);
        return true;
    }
    UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
    GError* error = nullptr;
    switch (request) {
        case USBDEVFS_GETDRIVER: {
            if (!usblp_) {
                finish(client, -1, ENODATA);
                break;
            }
            UMockdevIoctlData* data = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_getdriver), &error);
            if (data == nullptr) {
                finish(client, -1, EFAULT);
                break;
            }
            usbdevfs_getdriver answer{};
            std::memcpy(&answer, data->data, sizeof answer);
            std::strcpy(answer.driver, "usblp");
            umockdev_ioctl_data_update(data, 0, reinterpret_cast<guint8*>(&answer), sizeof answer);
            finish(client, 0, 0);
            break;
        }
        case USBDEVFS_IOCTL: {
            UMockdevIoctlData* data = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_ioctl), &error);
            if (data == nullptr) {
                finish(client, -1, EFAULT);
                break;
            }
            usbdevfs_ioctl command{};
            std::memcpy(&command, data->data, sizeof command);
            if (command.ioctl_code == static_cast<int>(USBDEVFS_DISCONNECT) && usblp_) {
                usblp_ = false;
                finish(client, 0, 0);
            } else {
                finish(client, -1,
                       command.ioctl_code == static_cast<int>(USBDEVFS_DISCONNECT) ? ENODATA : ENOTTY);
            }
            break;
        }
        case USBDEVFS_CLAIMINTERFACE:
            if (held_ || usblp_) {
                finish(client, -1, EBUSY);
            } else {
                claimed_ = true;
                finish(client, 0, 0);
            }
            break;
        case USBDEVFS_RELEASEINTERFACE:
            claimed_ = false;
            finish(client, 0, 0);
            break;
        case USBDEVFS_SETINTERFACE:
            finish(client, 0, 0);
            break;
        case USBDEVFS_SUBMITURB:
            submit(client);
            break;
        case USBDEVFS_REAPURBNDELAY:
            reap(client);
            break;
        case USBDEVFS_DISCARDURB:
            discard(client);
            break;
        default:
            finish(client, -1, ENOTTY);
    }
    g_clear_error(&error);
    return true;
}

void UsbPrinterDouble::submit(UMockdevIoctlClient* client) {
    GError* error = nullptr;
    UMockdevIoctlData* urb =
        umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(usbdevfs_urb), &error);
    if (urb == nullptr) {
        g_clear_error(&error);
        finish(client, -1, EFAULT);
        return;
    }
    usbdevfs_urb fields{};
    std::memcpy(&fields, urb->data, sizeof fields);
    const auto length = static_cast<std::size_t>(std::max(fields.buffer_length, 0));
    UMockdevIoctlData* buffer =
        umockdev_ioctl_data_resolve(urb, offsetof(usbdevfs_urb, buffer), length, &error);
    g_clear_error(&error);
    g_object_ref(urb);
    if ((fields.endpoint & 0x80) == 0) {  // bulk OUT: the printer takes it all
        if (buffer != nullptr) received(buffer->data, length);
        if (unplugged_) {
            g_object_unref(urb);
            finish(client, -1, ENODEV);
            return;
        }
        fields.actual_length = static_cast<int>(length);
        fields.status = 0;
        umockdev_ioctl_data_update(urb, 0, reinterpret_cast<guint8*>(&fields), sizeof fields);
        done_.push_back(urb);
    } else {
        reading_.push_back(urb);
        fillPendingReads();
    }
    finish(client, 0, 0);
}

void UsbPrinterDouble::fillPendingReads() {
    while (!reading_.empty() && !replies_.empty()) {
        UMockdevIoctlData* urb = reading_.front();
        reading_.pop_front();
        usbdevfs_urb fields{};
        std::memcpy(&fields, urb->data, sizeof fields);
        GError* error = nullptr;
        UMockdevIoctlData* buffer = umockdev_ioctl_data_resolve(
            urb, offsetof(usbdevfs_urb, buffer), static_cast<std::size_t>(fields.buffer_length), &error);
        g_clear_error(&error);
        std::vector<guint8> bytes;
        while (!replies_.empty() && bytes.size() < static_cast<std::size_t>(fields.buffer_length)) {
            bytes.push_back(replies_.front());
            replies_.pop_front();
        }
        if (buffer != nullptr)
            umockdev_ioctl_data_update(buffer, 0, bytes.data(), static_cast<gint>(bytes.size()));
        std::memcpy(&fields, urb->data, sizeof fields);
        fields.actual_length = static_cast<int>(bytes.size());
        fields.status = 0;
        umockdev_ioctl_data_update(urb, 0, reinterpret_cast<guint8*>(&fields), sizeof fields);
        done_.push_back(urb);
    }
}

void UsbPrinterDouble::reap(UMockdevIoctlClient* client) {
    if (done_.empty()) {
        finish(client, -1, EAGAIN);
        return;
    }
    UMockdevIoctlData* urb = done_.front();
    done_.pop_front();
    GError* error = nullptr;
    UMockdevIoctlData* pointer =
        umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(void*), &error);
    g_clear_error(&error);
    if (pointer != nullptr) umockdev_ioctl_data_set_ptr(pointer, 0, urb);
    g_object_unref(urb);
    finish(client, 0, 0);
}

void UsbPrinterDouble::discard(UMockdevIoctlClient* client) {
    UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
    gulong address = 0;
    std::memcpy(&address, arg->data,
                std::min<std::size_t>(sizeof address, static_cast<std::size_t>(arg->data_len)));
    const auto it = std::find_if(reading_.begin(), reading_.end(),
                                 [&](UMockdevIoctlData* urb) { return urb->client_addr == address; });
    if (it == reading_.end()) {
        finish(client, -1, EINVAL);
        return;
    }
    UMockdevIoctlData* urb = *it;
    reading_.erase(it);
    usbdevfs_urb fields{};
    std::memcpy(&fields, urb->data, sizeof fields);
    fields.status = -ENOENT;
    fields.actual_length = 0;
    umockdev_ioctl_data_update(urb, 0, reinterpret_cast<guint8*>(&fields), sizeof fields);
    done_.push_back(urb);
    finish(client, 0, 0);
}

// The job stream, decoded as the virtual printer decodes it: DLE EOT n and GS r 1 are answered in the order
// they came, cuts are counted.
void UsbPrinterDouble::received(const std::uint8_t* bytes, std::size_t n) {
    const std::size_t keep =
        unplug_after_ != 0 ? std::min(n, unplug_after_ - std::min(unplug_after_, bytes_)) : n;
    bytes_ += keep;
    for (const escpos::Command& command : decoder_.feed({bytes, keep})) {
        if (command.kind == escpos::Command::Kind::status_request) {
            replies_.push_back(0x12);  // online, no error, paper present
        } else if (command.kind == escpos::Command::Kind::paper_status_request) {
            replies_.push_back(0x00);  // paper present
        } else if (command.kind == escpos::Command::Kind::cut) {
            ++cuts_;
        }
    }
    if (unplug_after_ != 0 && bytes_ >= unplug_after_) {
        unplugged_ = true;
        return;
    }
    fillPendingReads();
}

}  // namespace yici::itest
