// Runs a fuzz target on one input (a file named on the command line, or standard input) for AFL++'s
// classic afl-g++ instrumentation, whose fork server restarts the process for every input.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    std::vector<std::uint8_t> input;
    if (argc > 1) {
        std::ifstream in(argv[1], std::ios::binary);
        input.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else {
        input.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    }
    return LLVMFuzzerTestOneInput(input.data(), input.size());
}
