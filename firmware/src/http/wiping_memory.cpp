// Zeroing JSON memory: the resource behind the session view.
#include "http/wiping_memory.hpp"

#include <boost/json/storage_ptr.hpp>

namespace yici::http {

WipingResource::WipingResource(boost::json::memory_resource* upstream) : upstream_(upstream) {}

void* WipingResource::do_allocate(std::size_t bytes, std::size_t align) {
    return upstream_->allocate(bytes, align);
}

void WipingResource::do_deallocate(void* p, std::size_t bytes, std::size_t align) {
    base::secureWipe(p, bytes);
    upstream_->deallocate(p, bytes, align);
}

bool WipingResource::do_is_equal(const boost::json::memory_resource& other) const noexcept {
    return this == &other;
}

boost::json::storage_ptr wipingStorage() {
    // The default storage's resource: the heap, shared and never freed.
    static WipingResource resource(boost::json::storage_ptr().get());
    return boost::json::storage_ptr(&resource);
}

}  // namespace yici::http
