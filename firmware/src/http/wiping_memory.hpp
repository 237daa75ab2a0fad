// Memory for what may hold personal data on its way to the UI: JSON views and request buffers are zeroed
// before their memory is released (docs/security.md), so a freed block keeps no name or mobile number.
#pragma once

#include <boost/json/memory_resource.hpp>
#include <boost/json/storage_ptr.hpp>

#include <cstddef>
#include <memory>

#include "base/secure_wipe.hpp"

namespace yici::http {

// A JSON memory resource that zeroes every block before handing it back to its upstream.
class WipingResource final : public boost::json::memory_resource {
  public:
    explicit WipingResource(boost::json::memory_resource* upstream);

  private:
    void* do_allocate(std::size_t bytes, std::size_t align) override;
    void do_deallocate(void* p, std::size_t bytes, std::size_t align) override;
    bool do_is_equal(const boost::json::memory_resource& other) const noexcept override;

    boost::json::memory_resource* upstream_;
};

// The process's wiping storage for JSON views (over the default heap).
boost::json::storage_ptr wipingStorage();

// A std allocator that zeroes what it frees: for Beast's request buffers.
template <class T>
struct WipingAllocator {
    using value_type = T;
    WipingAllocator() = default;
    template <class U>
    WipingAllocator(const WipingAllocator<U>& /*other*/) noexcept {}  // NOLINT(google-explicit-constructor)
    T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n) noexcept {
        base::secureWipe(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }
    friend bool operator==(const WipingAllocator& /*a*/, const WipingAllocator& /*b*/) noexcept {
        return true;
    }
};

}  // namespace yici::http
