// Runs a fuzz target without libFuzzer (g++ builds, ctest): every corpus file, then deterministic
// mutations of them. The real fuzzing runs under clang with tools/fuzz.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR [MUTATIONS]\n", argv[0]);
        return 2;
    }
    const long mutations = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 2000;
    std::vector<std::vector<std::uint8_t>> corpus;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        std::ifstream in(entry.path(), std::ios::binary);
        corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (corpus.empty()) corpus.emplace_back();
    for (const auto& input : corpus) LLVMFuzzerTestOneInput(input.data(), input.size());
    std::mt19937 rng(12345);
    for (long i = 0; i < mutations; ++i) {
        auto input = corpus[rng() % corpus.size()];
        const int edits = 1 + static_cast<int>(rng() % 8);
        for (int e = 0; e < edits; ++e) {
            switch (rng() % 4) {
                case 0:
                    if (!input.empty()) input[rng() % input.size()] = static_cast<std::uint8_t>(rng());
                    break;
                case 1:
                    input.insert(input.begin() + static_cast<long>(input.empty() ? 0 : rng() % input.size()),
                                 static_cast<std::uint8_t>(rng()));
                    break;
                case 2:
                    if (!input.empty()) input.erase(input.begin() + static_cast<long>(rng() % input.size()));
                    break;
                default:
                    if (!input.empty()) input.resize(rng() % input.size());
                    break;
            }
        }
        LLVMFuzzerTestOneInput(input.data(), input.size());
    }
    std::printf("%zu corpus inputs and %ld mutations: no crash\n", corpus.size(), mutations);
    return 0;
}
