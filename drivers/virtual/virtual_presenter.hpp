// The virtual printer's presenter: the cut ticket waits in the mouth until the virtual citizen takes it, the
// firmware takes it back (GS e 2 retract, GS e 5 eject), or the printer's own take timeout (FS P) runs out.
// A retracted ticket's PNG moves to retracted/ beside the printed ones.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "printer/escpos/decoder.hpp"

namespace yici::devsim {

class VirtualPresenter {
  public:
    // `files` is the thread that writes the printer's PNGs: moving one waits for its writing.
    VirtualPresenter(boost::asio::any_io_executor executor, std::filesystem::path out_dir,
                     boost::asio::thread_pool& files);

    // The ticket just cut (its PNG number), now in the presenter; 0 for an empty page.
    void cut(int seq) { cut_ = seq; }
    void present(const escpos::Command::Present& how);
    void retract();
    void eject();

    // ctl presenter take: the ticket in the mouth is taken at once, and every later one 300 ms after it is
    // presented (a hand reaching for it; the default).
    // ctl presenter leave: presented tickets stay in the mouth.
    void setTakes(bool takes);
    bool jammed = false;  // ctl presenter jam: a ticket stuck in the presenter
    void reset();

    bool ticketInMouth() const { return mouth_.has_value(); }
    std::string status() const;  // "presenter=take mouth=empty taken=1 retracted=0 ejected=0 jam=false"

  private:
    void moveToRetracted(int seq);

    boost::asio::any_io_executor executor_;
    std::filesystem::path out_dir_;
    boost::asio::thread_pool& files_;
    boost::asio::steady_timer timer_;  // FS P: the printer's own take timeout
    boost::asio::steady_timer hand_;   // presenter take: the citizen's hand reaching for the ticket
    bool takes_ = true;
    int cut_ = 0;               // cut, not presented yet
    std::optional<int> mouth_;  // the ticket in the mouth
    int taken_ = 0, retracted_ = 0, ejected_ = 0;
};

}  // namespace yici::devsim
