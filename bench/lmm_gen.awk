# lmm_gen.awk - synthetic pupils in schools in local authorities for
# bench/lmm: a prior score, FSM, SEN (N, K, E), sex and an outcome with a
# random intercept and slope per school and an intercept per local authority.
#   awk -v n=50000 -v per_school=110 -v per_la=45 -v seed=1 -f bench/lmm_gen.awk
function gauss(   u, v) {
    u = rand(); v = rand()
    if (u < 1e-12) u = 1e-12
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v)
}
BEGIN {
    srand(seed ? seed : 1)
    print "la,school,pre,fsm,sen,sex,post"
    n_school = int((n + per_school - 1) / per_school)
    for (s = 0; s < n_school; s++) {
        a0[s] = 3 * gauss(); a1[s] = 0.15 * gauss() + 0.3 * a0[s] / 3 * 0.15
    }
    for (l = 0; l <= int(n_school / per_la); l++) c0[l] = 2 * gauss()
    for (i = 0; i < n; i++) {
        s = int(i / per_school); l = int(s / per_la)
        pre = 100 + 15 * gauss()
        fsm = rand() < 0.22 ? 1 : 0
        r = rand(); sen = r < 0.84 ? "N" : (r < 0.97 ? "K" : "E")
        sex = rand() < 0.5 ? "F" : "M"
        post = 20 + 0.8 * pre - 2.5 * fsm - (sen == "K" ? 3 : (sen == "E" ? 6 : 0)) \
               + a0[s] + a1[s] * (pre - 100) + c0[l] + 8 * gauss()
        printf "L%03d,S%05d,%.1f,%d,%s,%s,%.2f\n", l, s, pre, fsm, sen, sex, post
    }
}
