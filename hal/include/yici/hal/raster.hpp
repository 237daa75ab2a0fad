// A 1-bit-per-dot image as thermal printers take it: rows of bytes, MSB is the leftmost dot, 1 is black.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace yici::hal {

struct Raster {
    int width = 0;   // dots; a multiple of 8
    int height = 0;  // rows
    std::vector<std::uint8_t> bits;

    Raster() = default;
    Raster(int w, int h)
        : width(w), height(h), bits(static_cast<std::size_t>(w / 8) * static_cast<std::size_t>(h), 0) {}

    int bytesPerRow() const { return width / 8; }
    bool dot(int x, int y) const { return (bits[index(x, y)] & bitMask(x)) != 0; }
    void set(int x, int y, bool black) {
        if (x < 0 || y < 0 || x >= width || y >= height) return;
        if (black) {
            bits[index(x, y)] |= bitMask(x);
        } else {
            bits[index(x, y)] &= static_cast<std::uint8_t>(~bitMask(x));
        }
    }

  private:
    std::size_t index(int x, int y) const {
        return static_cast<std::size_t>(y) * static_cast<std::size_t>(bytesPerRow()) +
               static_cast<std::size_t>(x / 8);
    }
    static std::uint8_t bitMask(int x) { return static_cast<std::uint8_t>(0x80u >> (x % 8)); }
};

}  // namespace yici::hal
