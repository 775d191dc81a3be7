// The update rule of each optimizer as MathML (no math library): the book's equations.
const mi = (x) => `<mi>${x}</mi>`;
const mo = (x) => `<mo>${x}</mo>`;
const mn = (x) => `<mn>${x}</mn>`;
const row = (...xs) => `<mrow>${xs.join("")}</mrow>`;
const sub = (a, b) => `<msub>${a}${b}</msub>`;
const sup = (a, b) => `<msup>${a}${b}</msup>`;
const subsup = (a, b, c) => `<msubsup>${a}${b}${c}</msubsup>`;
const frac = (a, b) => `<mfrac>${a}${b}</mfrac>`;
const sqrt = (a) => `<msqrt>${a}</msqrt>`;
const hat = (a) => `<mover accent="true">${a}<mo>^</mo></mover>`;
const paren = (...xs) => row(mo("("), ...xs, mo(")"));
const t1 = row(mi("t"), mo("+"), mn("1"));
const phi = mi("φ");
const phiT = sub(phi, mi("t"));
const phiN = sub(phi, t1);
const mT = sub(mi("m"), mi("t"));
const mN = sub(mi("m"), t1);
const vT = sub(mi("v"), mi("t"));
const vN = sub(mi("v"), t1);
const from = mo("←");
const a = mi("α");
const b = mi("β");
const g = mi("γ");
const eps = mi("ϵ");
const dot = mo("·");
const oneMinus = (x) => paren(mn("1"), mo("−"), x);
// Σ_{i∈B_t} ∂ℓ_i/∂φ evaluated at `at`
const grad = (at = phiT) =>
  row(
    `<munder>${mo("∑")}${row(mi("i"), mo("∈"), sub(mi("ℬ"), mi("t")))}</munder>`,
    frac(row(mo("∂"), sub(mi("ℓ"), mi("i")), paren(at)), row(mo("∂"), phi)),
  );
const line = (...xs) => `<mtr><mtd columnalign="left">${row(...xs)}</mtd></mtr>`;
const table = (...lines) => `<math display="block"><mtable>${lines.join("")}</mtable></math>`;
const mhat = sub(hat(mi("m")), t1);
const vhat = sub(hat(mi("v")), t1);
const adamMoments = [
  line(mN, from, b, dot, mT, mo("+"), oneMinus(b), grad()),
  line(vN, from, g, dot, vT, mo("+"), oneMinus(g), sup(paren(grad()), mn("2"))),
  line(mhat, from, frac(mN, row(mn("1"), mo("−"), sup(b, t1)))),
  line(vhat, from, frac(vN, row(mn("1"), mo("−"), sup(g, t1)))),
];

const L = (x) => row(mi("L"), paren(mi(x)));
const third = (k) => row(mi("a"), mo("+"), frac(mn(String(k)), mn("3")), paren(mi("d"), mo("−"), mi("a")));

export const RULES = {
  bracket: {
    eq: "fig. 6.10",
    math: table(
      line(mtext("1) "), L("a"), mo("≤"), L("b"), mo(","), L("c"), mo(","), L("d"), mo(":"), mtext(" "),
        mi("x"), from, mi("a"), mo("+"), frac(row(mi("x"), mo("−"), mi("a")), mn("2")), mtext(" for x = b, c, d")),
      line(mtext("2) "), L("b"), mo("<"), L("c"), mo(":"), mtext(" "), mi("d"), from, mi("c"), mo(";"), mtext(" "),
        mi("b"), from, third(1), mo(","), mi("c"), from, third(2)),
      line(mtext("3) "), mtext("otherwise: "), mi("a"), from, mi("b"), mo(";"), mtext(" "),
        mi("b"), from, third(1), mo(","), mi("c"), from, third(2)),
      line(phiN, from, frac(row(mi("b"), mo("+"), mi("c")), mn("2"))),
    ),
  },
  gd: { eq: "eq. 6.3 / 6.10", math: table(line(phiN, from, phiT, mo("−"), a, dot, grad())) },
  sgd: { eq: "eq. 6.10", math: table(line(phiN, from, phiT, mo("−"), a, dot, grad())) },
  linesearch: {
    eq: "eq. 6.3 + fig. 6.10",
    math: table(
      line(sub(mi("s"), mi("t")), from, row(mo("arg min"), mi("s"), mo("∈"), mo("["), mn("0"), mo(","), mi("maxdist"), mo("]")),
        mi("L"), paren(phiT, mo("−"), mi("s"), mi("g"))),
      line(phiN, from, phiT, mo("−"), sub(mi("s"), mi("t")), dot, grad()),
    ),
  },
  momentum: {
    eq: "eq. 6.11",
    math: table(line(mN, from, b, dot, mT, mo("+"), oneMinus(b), grad()), line(phiN, from, phiT, mo("−"), a, dot, mN)),
  },
  nesterov: {
    eq: "eq. 6.12",
    math: table(
      line(mN, from, b, dot, mT, mo("+"), oneMinus(b), grad(row(phiT, mo("−"), a, dot, mT))),
      line(phiN, from, phiT, mo("−"), a, dot, mN),
    ),
  },
  normalized: {
    eq: "eq. 6.13–6.14",
    math: table(
      line(mN, from, grad()),
      line(vN, from, sup(paren(grad()), mn("2"))),
      line(phiN, from, phiT, mo("−"), a, dot, frac(mN, sqrt(row(vN, mo("+"), eps)))),
    ),
  },
  adam: {
    eq: "eq. 6.15–6.17",
    math: table(...adamMoments, line(phiN, from, phiT, mo("−"), a, dot, frac(mhat, row(sqrt(vhat), mo("+"), eps)))),
  },
  adamw: {
    eq: "eq. 6.15–6.17 + decoupled decay",
    math: table(...adamMoments, line(phiN, from, phiT, mo("−"), a, dot, paren(frac(mhat, row(sqrt(vhat), mo("+"), eps)), mo("+"), mi("λ"), phiT))),
  },
  nadam: {
    eq: "Dozat 2016",
    math: table(...adamMoments, line(phiN, from, phiT, mo("−"), a, dot,
      frac(row(b, mhat, mo("+"), frac(row(oneMinus(b), mi("g")), row(mn("1"), mo("−"), sup(b, t1)))), row(sqrt(vhat), mo("+"), eps)))),
  },
  radam: {
    eq: "Liu et al. 2021",
    math: table(...adamMoments, line(phiN, from, phiT, mo("−"), a, dot, sub(mi("r"), mi("t")), dot, frac(mhat, row(sqrt(vhat), mo("+"), eps)),
      mtext(" (or α·m̂ while ρₜ ≤ 5)"))),
  },
  adagrad: {
    eq: "Duchi et al. 2011",
    math: table(line(vN, from, vT, mo("+"), sup(paren(grad()), mn("2"))), line(phiN, from, phiT, mo("−"), a, dot, frac(grad(), row(sqrt(vN), mo("+"), eps)))),
  },
  rmsprop: {
    eq: "Hinton et al. 2012",
    math: table(line(vN, from, g, dot, vT, mo("+"), oneMinus(g), sup(paren(grad()), mn("2"))), line(phiN, from, phiT, mo("−"), a, dot, frac(grad(), row(sqrt(vN), mo("+"), eps)))),
  },
  adadelta: {
    eq: "Zeiler 2012",
    math: table(
      line(vN, from, g, dot, vT, mo("+"), oneMinus(g), sup(mi("g"), mn("2"))),
      line(mi("d"), from, frac(sqrt(row(sub(mi("u"), mi("t")), mo("+"), eps)), sqrt(row(vN, mo("+"), eps))), mi("g")),
      line(sub(mi("u"), t1), from, g, dot, sub(mi("u"), mi("t")), mo("+"), oneMinus(g), sup(mi("d"), mn("2"))),
      line(phiN, from, phiT, mo("−"), a, dot, mi("d")),
    ),
  },
  newton: {
    eq: "notes: Newton's method",
    math: table(line(phiN, from, phiT, mo("−"), a, dot, sup(mi("H"), row(mo("−"), mn("1"))), grad())),
  },
  svrg: {
    eq: "Johnson & Zhang 2013",
    math: table(line(phiN, from, phiT, mo("−"), a, dot, paren(grad(), mo("−"), grad(mi("φ̃")), mo("+"), frac(mrowB(), mi("I")), frac(row(mo("∂"), mi("L"), paren(mi("φ̃"))), row(mo("∂"), phi))))),
  },
};

function mtext(s) {
  return `<mtext>${s}</mtext>`;
}
function mrowB() {
  return row(mo("|"), mi("ℬ"), mo("|"));
}
export { subsup };
