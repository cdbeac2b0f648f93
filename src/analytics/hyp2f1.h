// The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments, as the CLV models need it:
// the Pareto/NBD likelihood and the BG/NBD and MBG/NBD conditional expectations. Boost.Math's
// generic hypergeometric_pFq is exact but costs ~2 us a call; this one is a specialised series with
// the classical transformations (Pfaff for z < 0, the 1 - z connection formula for z near 1) and is
// held to Boost's values by hyp2f1_test.cc.
//
// Pure functions; thread-safe.
#pragma once

namespace loyal::analytics {

// Returns 2F1(a, b; c; z) for z < 1 and c not a non-positive integer (the function has a pole
// there). Held to Boost within 1e-10 relative for z < 0.98 over the models' parameter shapes
// (x up to 500), 1e-8 beyond (the connection formula, interpolated across integer c - a - b).
// Returns NaN for z >= 1 or when the value overflows a double; callers in this library never pass
// such arguments (they pick the Fader-Hardie formulation whose argument lies in [0, 1)).
double Hyp2F1(double a, double b, double c, double z);

}  // namespace loyal::analytics
