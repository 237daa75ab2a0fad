// A stand-in for the vendor's WLT photo decoder, for tests: "decodes" the virtual reader's test photos
// (1024 bytes starting "YICI-TEST-WLT:") into a 102x126 24-bit BMP; anything else fails as a real one would.
// With YICI_TEST_WLT_SEEN set, it appends the path it was given to that file, so a test can see where
// the photo went.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int wlt2Bmp(const char* wlt_path, const char* bmp_path) {
    if (const char* seen = std::getenv("YICI_TEST_WLT_SEEN"))
        std::ofstream(seen, std::ios::app) << wlt_path << '\n';
    std::ifstream in(wlt_path, std::ios::binary);
    const std::vector<char> wlt((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (wlt.size() != 1024 || std::memcmp(wlt.data(), "YICI-TEST-WLT:", 14) != 0) return -1;
    constexpr std::uint32_t width = 102, height = 126, row = (width * 3 + 3) / 4 * 4,
                            size = 54 + row * height;
    std::vector<std::uint8_t> bmp(size, 0);
    auto put32 = [&](std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            bmp[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
    };
    bmp[0] = 'B';
    bmp[1] = 'M';
    put32(2, size);
    put32(10, 54);
    put32(14, 40);
    put32(18, width);
    put32(22, height);
    bmp[26] = 1;
    bmp[28] = 24;
    put32(34, row * height);
    for (std::uint32_t y = 0; y < height; ++y)
        for (std::uint32_t x = 0; x < width; ++x)
            for (std::uint32_t c = 0; c < 3; ++c)
                bmp[54 + y * row + x * 3 + c] =
                    static_cast<std::uint8_t>(wlt[(x + y * width) % 1024] + c * 40);
    std::ofstream(bmp_path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bmp.data()), static_cast<std::streamsize>(bmp.size()));
    return 1;
}
