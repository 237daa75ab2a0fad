// A made-up sysfs in a folder, laid out as the kernel lays it out: USB devices with their ids, and class
// nodes (/sys/class/CLASS/NAME) whose `device` link leads to the USB interface.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace yici::testing {

namespace fs = std::filesystem;

inline void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text << "\n";
}

inline fs::path usbDevice(const fs::path& sys, const std::string& port, const std::string& vid,
                          const std::string& pid, const std::string& maker, const std::string& product) {
    const fs::path dir = sys / "devices/pci0000:00/usb1" / port;
    write(dir / "idVendor", vid);
    write(dir / "idProduct", pid);
    if (!maker.empty()) write(dir / "manufacturer", maker);
    if (!product.empty()) write(dir / "product", product);
    return dir;
}

// A class node as sysfs has it: /sys/class/CLASS/NAME → the device's folder, whose `device` is its parent.
inline void classNode(const fs::path& sys, const std::string& cls, const fs::path& parent,
                      const std::string& name) {
    const fs::path node = parent / cls / name;
    fs::create_directories(node);
    fs::create_directory_symlink(parent, node / "device");
    fs::create_directories(sys / "class" / cls);
    fs::create_directory_symlink(node, sys / "class" / cls / name);
}

}  // namespace yici::testing
