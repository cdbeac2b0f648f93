#include "program/program.h"

namespace loyal::program {

const EventRule* Program::FindEvent(const std::string& name) const {
  for (const EventRule& e : events) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

const Reward* Program::FindReward(std::string_view code) const {
  for (const Reward& r : rewards) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

}  // namespace loyal::program
