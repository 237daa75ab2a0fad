// The umockdev testbed of the integration tests (libumockdev).
#include "umockdev_bed.hpp"

#include <umockdev.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace yici::itest {

namespace {

// What a node linked to a real device does for yicid: each ioctl, read and write runs as it is (umockdev's
// preload hands them to this process, which tells it to go ahead).
gboolean passThrough(UMockdevIoctlBase* /*handler*/, UMockdevIoctlClient* client, gpointer /*data*/) {
    int error_number = 0;
    GError* error = nullptr;
    const int result = umockdev_ioctl_client_execute(client, &error_number, &error);
    g_clear_error(&error);
    umockdev_ioctl_client_complete(client, result, error_number);
    return TRUE;
}

// The testbed's folder (umockdev hands over a copy to free).
std::filesystem::path rootOf(UMockdevTestbed* testbed) {
    gchar* root = umockdev_testbed_get_root_dir(testbed);
    std::filesystem::path path(root);
    g_free(root);
    return path;
}

}  // namespace

UmockdevBed::UmockdevBed()
    : testbed_(umockdev_testbed_new()),
      context_(g_main_context_new()),
      loop_(g_main_loop_new(context_, FALSE)) {
    // umockdev serves the preload's requests on the thread-default main context of whoever attaches a
    // handler.
    thread_ = std::thread([this] {
        g_main_context_push_thread_default(context_);
        g_main_loop_run(loop_);
        g_main_context_pop_thread_default(context_);
    });
    handler_ = umockdev_ioctl_base_new();
    for (const char* request : {"handle-ioctl", "handle-read", "handle-write"}) {
        g_signal_connect(handler_, request, G_CALLBACK(passThrough), nullptr);
    }
}

UmockdevBed::~UmockdevBed() {
    g_main_loop_quit(loop_);
    thread_.join();
    g_object_unref(testbed_);
    g_object_unref(handler_);
    g_main_loop_unref(loop_);
    g_main_context_unref(context_);
}

void UmockdevBed::add(std::string_view devices) {
    GError* error = nullptr;
    if (umockdev_testbed_add_from_string(testbed_, std::string(devices).c_str(), &error) == 0) {
        const std::string why = error != nullptr ? error->message : "unknown error";
        g_clear_error(&error);
        throw std::runtime_error("umockdev: " + why);
    }
}

void UmockdevBed::remove(const std::string& syspath) {
    umockdev_testbed_uevent(testbed_, syspath.c_str(), "remove");
    umockdev_testbed_remove_device(testbed_, syspath.c_str());
}

void UmockdevBed::linkNode(const std::string& name, const std::filesystem::path& target) {
    const std::filesystem::path node = rootOf(testbed_) / "dev" / name;
    std::filesystem::create_directories(node.parent_path());
    std::filesystem::remove(node);
    const std::string dev = "/dev/" + name;
    GError* error = nullptr;
    umockdev_testbed_detach_ioctl(testbed_, dev.c_str(), &error);
    g_clear_error(&error);
    if (target.empty()) return;
    std::filesystem::create_symlink(target, node);
    attach(dev, handler_);
}

void UmockdevBed::attach(const std::string& dev, UMockdevIoctlBase* handler) {
    // From the loop's thread: umockdev listens for the preload on the attaching thread's main context.
    struct Attach {
        UMockdevTestbed* testbed;
        UMockdevIoctlBase* handler;
        std::string dev;
        bool done = false;
        std::mutex mutex;
        std::condition_variable cv;
    } attach{testbed_, handler, dev, false, {}, {}};
    g_main_context_invoke(
        context_,
        [](gpointer data) -> gboolean {
            auto* a = static_cast<Attach*>(data);
            GError* failed = nullptr;
            umockdev_testbed_attach_ioctl(a->testbed, a->dev.c_str(), a->handler, &failed);
            g_clear_error(&failed);
            std::lock_guard lock(a->mutex);
            a->done = true;
            a->cv.notify_one();
            return FALSE;
        },
        &attach);
    std::unique_lock lock(attach.mutex);
    attach.cv.wait(lock, [&] { return attach.done; });
}

std::vector<std::string> UmockdevBed::env() const {
    return {"LD_PRELOAD=libumockdev-preload.so.0", "UMOCKDEV_DIR=" + rootOf(testbed_).string(),
            "ASAN_OPTIONS=verify_asan_link_order=0"};  // umockdev's preload comes before ASan's runtime
}

}  // namespace yici::itest
