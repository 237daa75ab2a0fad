// The virtual camera of yici-devsim: each scene is a folder of numbered PNG frames (DIR/scene-NNNNNN), and
// DIR/current is a symlink swapped atomically to the scene being shown. yicid's opencv camera reads the glob
// DIR/current/*.png and sees a new scene on its next frame.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <opencv2/core/mat.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace yici::devsim {

class VirtualCamera {
  public:
    // Scenes are never longer than this many frames (a longer video is cut): 10 s at 15 fps, and PNG frames
    // take room (about 0.6 MB at 768x576).
    static constexpr int max_frames = 150;

    // Creates DIR and shows nothing (DIR/current is an empty scene). Scenes a previous run left are removed.
    explicit VirtualCamera(std::filesystem::path dir);
    // Unplugged: the scenes and the link are removed.
    ~VirtualCamera();
    VirtualCamera(const VirtualCamera&) = delete;
    VirtualCamera& operator=(const VirtualCamera&) = delete;

    // "camera show FILE…", "camera scene NAME", "camera play VIDEO", "camera off", "camera status": returns
    // the reply line once the frames are on disk. Decoding and writing run on the camera's own thread, so the
    // other virtual devices keep answering meanwhile; commands are applied one at a time, in order.
    boost::asio::awaitable<std::string> command(std::string line);

    std::filesystem::path currentLink() const { return dir_ / "current"; }

  private:
    std::string apply(const std::string& line);  // on worker_
    std::string show(const std::vector<std::string>& files);
    std::string scene(const std::string& name);  // a face scene (face_scenes.hpp)
    std::string showImages(const std::vector<cv::Mat>& images, std::string what);
    std::string play(const std::string& video);
    std::string off();
    std::filesystem::path newScene();
    void swapTo(const std::filesystem::path& scene);

    std::filesystem::path dir_;
    int next_scene_ = 0;  // the rest is touched on worker_ only, after construction
    std::string showing_ = "off";
    int frames_ = 0;
    boost::asio::thread_pool worker_{1};
};

}  // namespace yici::devsim
