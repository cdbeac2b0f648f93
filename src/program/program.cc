#include "program/program.h"

namespace loyal::program {

const EventRule* Program::FindEvent(const std::string& name) const {
  for (const EventRule& e : events) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace loyal::program
