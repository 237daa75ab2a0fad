// Confirming a pre-registration, on the Asio thread; SQLite runs on the store thread.
#include "prereg/registration_service.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serializer.hpp>

#include <array>
#include <cstring>

#include "base/async.hpp"
#include "base/random.hpp"
#include "base/secure_wipe.hpp"
#include "prereg/errors.hpp"
#include "prereg/internal/log.hpp"
#include "prereg/validation.hpp"
#include "ticket/errors.hpp"

namespace yici::prereg {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// The personal fields as sealed into the registration: what the hall needs to process the application.
// The JSON is built in a stack arena that is wiped afterwards, so no copy of the fields is left in freed
// heap memory (only the returned text, which the caller wipes).
std::string personalFields(const prereg::ConfirmInput& in) {
    std::array<unsigned char, 8192> arena{};
    std::string text;
    {
        json::monotonic_resource memory(arena.data(), arena.size());
        json::object o(&memory);
        o["mobile"] = in.details.mobile;
        o["appointment_code"] = in.details.appointment_code;
        json::object& fields = o["fields"].emplace_object();
        for (const auto& [id, value] : in.details.fields) fields[id] = value;
        if (in.has_card) {
            const hal::IdCard& c = in.card;
            json::object& card = o["card"].emplace_object();
            for (const auto& [key, value] : {std::pair<std::string_view, const std::string&>{"name", c.name},
                                             {"english_name", c.english_name},
                                             {"gender", c.gender},
                                             {"nation", c.nation},
                                             {"nationality", c.nationality},
                                             {"birth_date", c.birth_date},
                                             {"address", c.address},
                                             {"id_number", c.id_number},
                                             {"authority", c.authority},
                                             {"valid_from", c.valid_from},
                                             {"valid_to", c.valid_to},
                                             {"pass_number", c.pass_number}}) {
                card[key] = value;
            }
        }
        // Reserved up front so the text is never reallocated, leaving partial copies behind.
        text.reserve(arena.size());
        json::serializer writer;
        writer.reset(&o);
        std::array<char, 1024> chunk{};
        while (!writer.done()) text.append(writer.read(chunk.data(), chunk.size()));
        base::secureWipe(chunk.data(), chunk.size());
    }
    base::secureWipe(arena.data(), arena.size());
    return text;
}

// The earlier ticket of a repeat visit counts only if it reached the citizen (not voided, not taken back).
Expected<std::optional<store::Ticket>> usableEarlierTicket(store::TicketStore& tickets,
                                                           const std::string& id) {
    if (id.empty()) return std::optional<store::Ticket>{};
    auto found = tickets.findById(id);
    if (!found || !*found) return found;
    if ((*found)->status == store::TicketStatus::printing)
        return fail(ticket::Errc::ticket_printing, "ticket " + id + " is printing");
    if ((*found)->status == store::TicketStatus::voided || (*found)->status == store::TicketStatus::not_taken)
        return std::optional<store::Ticket>{};
    return found;
}

}  // namespace

PriorityDecision decidePriority(int age, bool declared_need, bool appointment) {
    PriorityDecision d;
    if (session::isElderly(age)) {
        d.priority = queue::Priority::elderly;
        d.reasons.emplace_back(queue::priorityName(queue::Priority::elderly));
    } else if (declared_need) {
        d.claim = ticket::Claim::priority;
    } else if (appointment) {
        d.claim = ticket::Claim::appointment;
    }
    return d;
}

asio::awaitable<Expected<Registered>> RegistrationService::confirm() {
    if (d_.data_keys == nullptr)
        co_return fail(Errc::registration_unavailable, "the personal-data key is unavailable");
    auto input = d_.sessions.beginConfirm();
    if (!input) co_return std::unexpected(input.error());
    const std::uint64_t serial = input->serial;
    auto result = co_await commitAndPrint(*input);
    hal::wipe(input->card);
    prereg::wipe(input->details);
    if (result) {
        d_.sessions.confirmed(serial);
    } else {
        d_.sessions.confirmFailed(serial);
    }
    co_return result;
}

asio::awaitable<Expected<Registered>> RegistrationService::commitAndPrint(prereg::ConfirmInput& in) {
    const catalog::Service* service = d_.hall.service(in.service_id);
    if (service == nullptr) co_return fail(ticket::Errc::unknown_service, "no service item " + in.service_id);
    const TimePoint now = d_.clock.now();
    const LocalTime local = toLocal(now);
    const PriorityDecision priority =
        decidePriority(in.age, in.details.disabled, !in.details.appointment_code.empty());

    store::NewRegistration fresh;
    fresh.record.day = local.date();
    fresh.record.service_id = service->id;
    fresh.record.category = service->category;
    fresh.record.has_card = in.has_card;
    fresh.record.priority = priority.priority;
    fresh.record.priority_reasons = priority.reasons;
    fresh.record.priority_claim = priority.claim != ticket::Claim::none;
    fresh.record.missing_materials = in.missing_materials;
    if (in.face) {
        fresh.record.face_decision = in.face->decision;
        fresh.record.face_score = in.face->score;
    }
    fresh.record.created_at = local.iso8601();
    fresh.record.created_at_unix =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    fresh.compact_day = local.compactDate();
    fresh.key_day = fresh.record.day;
    // The day's key is read (or made) on the store thread, so the fields are sealed there; the plain copies
    // the closure holds are wiped before it returns.
    auto create = [this, r = std::move(fresh), plain = personalFields(in),
                   id_number = in.has_card ? in.card.id_number : std::string()]() mutable {
        auto key = d_.data_keys->forDay(r.key_day);
        if (key) {
            r.citizen_key =
                id_number.empty() ? "nocard-" + base::randomHex(16) : (*key)->citizenKey(id_number);
            r.sealed = (*key)->seal(plain);
        }
        base::secureWipe(plain);
        base::secureWipe(id_number);
        if (!key) return Expected<store::Created>(std::unexpected(key.error()));
        return d_.registrations.create(r);
    };
    auto created = co_await offload(d_.store_executor, std::move(create));
    if (!created) {
        log()->error("could not commit a registration: {}", created.error().message);
        co_return std::unexpected(created.error());
    }
    std::string holder;
    if (in.has_card) holder = maskName(in.card.name) + " " + hal::maskIdNumber(in.card.id_number);
    if (!created->existing) {
        registered_.add({{"category", created->registration.category},
                         {"priority", std::string(queue::priorityName(created->registration.priority))}});
    }
    Registered registered{std::move(created->registration), {}, created->existing};
    auto printed = co_await printFor(std::move(registered), std::move(holder), std::string{}, priority.claim);
    co_return printed;
}

asio::awaitable<Expected<Registered>> RegistrationService::ticketFor(ticket::TicketRequest request) {
    auto find = [this, id = request.registration_id] { return d_.registrations.find(id); };
    auto found = co_await offload(d_.store_executor, std::move(find));
    if (!found) co_return std::unexpected(found.error());
    if (!*found) co_return fail(Errc::unknown_registration, "no registration " + request.registration_id);
    Registered registered{std::move(**found), {}, true};
    auto printed = co_await printFor(std::move(registered), std::string{}, std::move(request.idempotency_key),
                                     ticket::Claim::none);
    co_return printed;
}

asio::awaitable<Expected<Registered>> RegistrationService::printFor(Registered out, std::string holder_masked,
                                                                    std::string idempotency_key,
                                                                    ticket::Claim claim_kind) {
    if (out.existing) {
        auto find = [this, id = out.registration.ticket_id] { return usableEarlierTicket(d_.tickets, id); };
        auto earlier = co_await offload(d_.store_executor, std::move(find));
        if (!earlier) co_return std::unexpected(earlier.error());
        if (*earlier) {
            log()->info("registration {} has its ticket {} already", out.registration.id, (*earlier)->id);
            out.ticket = std::move(**earlier);
            co_return out;
        }
    }
    out.existing = false;
    ticket::TicketRequest request;
    request.service_id = out.registration.service_id;
    request.priority = out.registration.priority;
    // The registration says whether a claim waits; only the session that made it knows its kind (it is not
    // stored), so a ticket printed again later says only that a priority waits for staff.
    if (out.registration.priority_claim)
        request.claim = claim_kind != ticket::Claim::none ? claim_kind : ticket::Claim::priority;
    request.idempotency_key = std::move(idempotency_key);
    request.registration_id = out.registration.id;
    request.registration_code = out.registration.code;
    request.holder_masked = std::move(holder_masked);
    request.missing_materials = out.registration.missing_materials;
    auto issued = co_await d_.ticket_service.issue(std::move(request));
    if (!issued) co_return std::unexpected(issued.error());
    out.ticket = std::move(issued->ticket);
    out.existing = issued->existing;
    log()->info("registration {} printed with ticket {}", out.registration.id, out.ticket.id);
    co_return out;
}

}  // namespace yici::prereg
