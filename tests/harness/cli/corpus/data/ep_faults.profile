enginesim-fault-profile 1
# The fault profile of the ep mutants' campaigns (tests/sched/test_ep_sim.cpp):
# heavier than the default, so that a failed directory sync or a failed read
# at warmup happens within a few hundred seeds.
read   eio    0.1
read   short  0.1
write  eio    0.05
write  short  0.05
sync   eio    0.2
rename eio    0.05
