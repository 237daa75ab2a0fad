// Parses printer URIs with Boost.URL (ports) and parseUsbId (USB ids), never throwing.
#include "yici/hal/printer_uri.hpp"

#include <boost/url/parse.hpp>

#include "yici/hal/errors.hpp"
#include "yici/hal/usb_id.hpp"

namespace yici::hal {
Expected<PrinterUri> parsePrinterUri(std::string_view text) {
    auto parsed = boost::urls::parse_uri(text);
    if (!parsed) return fail(Errc::config_bad_uri, "'" + std::string(text) + "' is not a URI");
    const auto& url = *parsed;
    PrinterUri uri;
    const std::string scheme(url.scheme());
    if (scheme == "tcp") {
        uri.scheme = PrinterUri::Scheme::tcp;
        uri.host = url.encoded_host();
        if (uri.host.empty())
            return fail(Errc::config_bad_uri, "tcp printer URI needs a host: tcp://host:port");
        if (url.has_port()) {
            const auto port = url.port_number();
            if (port == 0) return fail(Errc::config_bad_uri, "tcp printer URI has an invalid port");
            uri.port = port;
        }
        if (!url.encoded_path().empty() && url.encoded_path() != "/") {
            return fail(Errc::config_bad_uri, "tcp printer URI takes no path");
        }
    } else if (scheme == "file") {
        uri.scheme = PrinterUri::Scheme::file;
        uri.path = url.path();
        if (uri.path.empty() || uri.path.front() != '/' || !url.encoded_host().empty()) {
            return fail(Errc::config_bad_uri, "file printer URI needs an absolute path: file:///dev/usb/lp0");
        }
    } else if (scheme == "usb") {
        uri.scheme = PrinterUri::Scheme::usb;
        // usb://VID:PID/SERIAL parses as host VID, port PID, path /SERIAL.
        const std::string_view vid = url.encoded_host();
        const std::string_view pid = url.port();
        const auto vendor = parseUsbId(vid), product = parseUsbId(pid);
        if (!vendor || !product) {
            return fail(Errc::config_bad_uri,
                        "usb printer URI needs four-digit hex ids: usb://04b8:0202[/SERIAL]");
        }
        uri.vendor_id = *vendor;
        uri.product_id = *product;
        std::string path = url.path();
        if (!path.empty() && path.front() == '/') path.erase(0, 1);
        uri.serial = path;
    } else {
        return fail(Errc::config_bad_uri,
                    "printer URI scheme must be tcp, file or usb, not '" + scheme + "'");
    }
    return uri;
}

}  // namespace yici::hal
