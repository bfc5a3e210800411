# gen_pupils.awk - write N synthetic pupils as CSV with valid UPNs, for the
# kill test and bench/import. Usage: awk -v n=100000 -f gen_pupils.awk
function upn(i,    s, sum, k, a) {
    a = "ABCDEFGHJKLMNPQRTUVWXYZ"
    s = sprintf("999%04d%02d%03d", 2001 + int(i / 100000), int(i / 1000) % 100, i % 1000)
    sum = 0
    for (k = 1; k <= 12; k++) sum += substr(s, k, 1) * (k + 1)
    return substr(a, sum % 23 + 1, 1) s
}
BEGIN {
    split("Smith Jones Taylor Brown Khan Nowak Begum Silva Adeyemi Popescu", sur, " ")
    split("Amelia Noah Aisha Jakub Zofia Omar Ivy Leo Maya Tunde", fore, " ")
    split("SEMH SLCN MLD SPLD ASD", need, " ")
    print "UPN,Surname,Forename,DOB,Sex,Year,SEN,Primary Need,FSM,EAL,First Language"
    for (i = 0; i < n; i++) {
        y = i % 7
        sen = (i % 100 < 3) ? "E" : (i % 100 < 16) ? "K" : "N"
        nd = (sen == "N") ? "" : need[i % 5 + 1]
        printf "%s,%s,%s,%04d-%02d-%02d,%s,%s,%s,%s,%s,%s,%s\n", upn(i), sur[i % 10 + 1], \
            fore[int(i / 10) % 10 + 1], 2019 - y, (i % 12) + 1, (i % 28) + 1, \
            (i % 2) ? "M" : "F", y == 0 ? "R" : y, sen, nd, (i % 5 == 0) ? "Y" : "N", \
            (i % 5 == 1) ? "Y" : "N", (i % 5 == 1) ? "Polish" : "English"
    }
}
