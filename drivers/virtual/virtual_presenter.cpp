// The virtual presenter: where a presented ticket goes, and its PNG with it.
#include "virtual_presenter.hpp"

#include <boost/asio/post.hpp>

#include <fmt/format.h>

#include <cstdio>

namespace yici::devsim {

namespace asio = boost::asio;

VirtualPresenter::VirtualPresenter(asio::any_io_executor executor, std::filesystem::path out_dir,
                                   asio::thread_pool& files)
    : executor_(executor), out_dir_(std::move(out_dir)), files_(files), timer_(executor), hand_(executor) {}

void VirtualPresenter::present(const escpos::Command::Present& how) {
    if (cut_ == 0 || jammed) return;
    const int seq = std::exchange(cut_, 0);
    mouth_ = seq;
    if (takes_) {
        hand_.expires_after(std::chrono::milliseconds(300));
        hand_.async_wait([this, seq](boost::system::error_code ec) {
            if (ec || mouth_ != seq || jammed) return;
            mouth_.reset();
            ++taken_;
        });
    }
    if (how.take_timeout_s <= 0) return;  // gs-e: the host takes it back
    timer_.expires_after(std::chrono::seconds(how.take_timeout_s));
    timer_.async_wait([this, seq, retract = how.not_taken == 'R'](boost::system::error_code ec) {
        if (ec || mouth_ != seq) return;
        retract ? this->retract() : eject();
    });
}

void VirtualPresenter::retract() {
    if (!mouth_ || jammed) return;
    moveToRetracted(*mouth_);
    mouth_.reset();
    ++retracted_;
}

void VirtualPresenter::eject() {
    if (!mouth_ || jammed) return;
    mouth_.reset();
    ++ejected_;
}

void VirtualPresenter::setTakes(bool takes) {
    takes_ = takes;
    if (takes && mouth_) {
        mouth_.reset();
        ++taken_;
    }
}

void VirtualPresenter::reset() {
    timer_.cancel();
    hand_.cancel();
    takes_ = true;
    jammed = false;
    cut_ = 0;
    mouth_.reset();
}

std::string VirtualPresenter::status() const {
    return fmt::format("presenter={} mouth={} taken={} retracted={} ejected={} presenter_jam={}",
                       takes_ ? "take" : "leave", mouth_ ? fmt::format("ticket-{:04}", *mouth_) : "empty",
                       taken_, retracted_, ejected_, jammed);
}

void VirtualPresenter::moveToRetracted(int seq) {
    asio::post(files_, [dir = out_dir_, seq] {
        const std::string name = fmt::format("ticket-{:04}.png", seq);
        std::error_code ec;
        std::filesystem::create_directories(dir / "retracted", ec);
        std::filesystem::rename(dir / name, dir / "retracted" / name, ec);
        if (ec)
            std::fprintf(stderr, "yici-devsim: cannot move %s to retracted/: %s\n", name.c_str(),
                         ec.message().c_str());
    });
}

}  // namespace yici::devsim
