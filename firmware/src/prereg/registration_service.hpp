// The confirm step: seal the citizen's personal fields, commit the registration (or find today's one for
// the same citizen and item), then issue and print its ticket with the priority the rules give.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "catalog/hall_catalog.hpp"
#include "metrics/metrics.hpp"
#include "prereg/flow.hpp"
#include "queue/priority.hpp"
#include "store/registration_store.hpp"
#include "store/ticket_store.hpp"
#include "ticket/ticket_service.hpp"

namespace yici::prereg {

struct Registered {
    store::Registration registration;
    store::Ticket ticket;
    bool existing = false;  // a repeat visit: the registration (and printed ticket) from earlier today
};

// Priority from the rules: proven, or claimed and confirmed later. The card proves an age of 70 or more:
// priority "elderly" at once. A declared disability or an appointment code is a claim: the ticket waits as
// normal, says so, and gets priority when staff confirm it (store::QueueStore::confirmPriority).
struct PriorityDecision {
    queue::Priority priority = queue::Priority::normal;
    std::vector<std::string> reasons;
    ticket::Claim claim = ticket::Claim::none;
};
PriorityDecision decidePriority(int age, bool declared_need, bool appointment);

class RegistrationService {
  public:
    struct Deps {
        boost::asio::any_io_executor store_executor;
        store::RegistrationStore& registrations;
        store::TicketStore& tickets;
        store::DataKeys* data_keys = nullptr;  // null: the key is unavailable, registration is off
        ticket::TicketService& ticket_service;
        const catalog::HallCatalog& hall;
        prereg::Flow& sessions;
        const Clock& clock;
        metrics::Registry& metrics;
    };

    explicit RegistrationService(Deps deps)
        : d_(std::move(deps)),
          registered_(d_.metrics.counter("yici_registrations_total",
                                         "Pre-registrations confirmed, by category and priority.")) {}

    boost::asio::awaitable<Expected<Registered>> confirm();
    // POST /api/v1/tickets with a registration_id: the registration's printed ticket (existing), or a new
    // one in its item's queue with its priority and code. The request's service_id and priority give way
    // to the registration's.
    boost::asio::awaitable<Expected<Registered>> ticketFor(ticket::TicketRequest request);

  private:
    boost::asio::awaitable<Expected<Registered>> commitAndPrint(prereg::ConfirmInput& input);
    // The registration's ticket if it reached the citizen, else a new one printed for it; `claim_kind` is
    // the kind of the session's claim (none when printed again without one).
    boost::asio::awaitable<Expected<Registered>> printFor(Registered registered, std::string holder_masked,
                                                          std::string idempotency_key,
                                                          ticket::Claim claim_kind);
    Deps d_;
    metrics::Counter registered_;
};

}  // namespace yici::prereg
