#!/usr/bin/env python3
# make_seeds.py - writes the committed seed corpora (fuzz/corpus/<target>/)
# so that each seed's meaning is readable here; run it after changing an
# input layout (fuzz/request_packet.h, fuzz/fuzz_inputs.cpp, fuzz/fuzz_workload.cpp).
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def packet(opcode, key=b"", extras=b"", value=b"", magic=0x80, datatype=0, cas=0):
    body = extras + key + value
    header = struct.pack(">BBHBBHIIQ", magic, opcode, len(key), len(extras), datatype, 0,
                         len(body), 0xDEADBEEF, cas)
    return header + body


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def unknown_command_seeds():
    raw = b"\x00"  # form byte: the rest is the packet
    seeds = {
        "get": packet(0x00, b"key"),
        "set": packet(0x01, b"key", struct.pack(">II", 0xcafe, 0), b"value"),
        "add_cas": packet(0x02, b"k", struct.pack(">II", 0, 60), b"v", cas=7),
        "delete": packet(0x04, b"key"),
        "incr": packet(0x05, b"counter", struct.pack(">QQI", 1, 0, 0)),
        "quit": packet(0x07),
        "flush": packet(0x08, extras=struct.pack(">I", 0)),
        "noop": packet(0x0a),
        "version": packet(0x0b),
        "getk": packet(0x0c, b"key"),
        "append": packet(0x0e, b"key", value=b"tail"),
        "stat": packet(0x10, b"items"),
        "sasl_list": packet(0x20),
        "unassigned_f7": packet(0xf7, b"x", value=b"payload"),
        "response_magic": packet(0x00, b"key", magic=0x81),
        "bad_datatype": packet(0x00, b"key", datatype=0x7f),
        "binary_key": packet(0x00, bytes(range(0, 250))),
        "short": packet(0x0a)[:10],
    }
    for name, data in seeds.items():
        write("fuzz_unknown_command", name, raw + data)
    # Built forms (FuzzedDataProvider layout): any bytes are valid.
    write("fuzz_unknown_command", "built", b"\x01" + b"extraskeyvalue" + bytes(range(32)))
    write("fuzz_unknown_command", "built_bad_lengths", b"\x02" + b"keyvalue" + b"\xff" * 24)


def inputs_seeds():
    config = b"\x00\x01"  # parse_config, with an error FILE
    for name, text in {
        "config_all_types": b"item_size_max=1m;threads=4;factor=1.5;verbose=true;dir=/tmp/x;mode=pool",
        "config_escapes": b" dir = a\\;b\\=c\\\\ ; mode=sync;;",
        "config_unknown_key": b"nosuch=1;threads=2",
        "config_bad_size": b"threads=12q",
        "config_bad_float": b"factor=1.5x",
        "config_bad_bool": b"verbose=maybe",
        "config_missing_eq": b"verbose",
        "config_size_overflow": b"item_size_max=99999999999999999999g",
        "config_file": b"config_file=@F;verbose=off\x00threads=3\n# comment\nmode=async;dir=/d\n",
        "config_file_self": b"config_file=@F\x00config_file=@F\n",
        "config_file_missing": b"config_file=/nonexistent/enginesim\x00",
    }.items():
        write("fuzz_inputs", name, config + text)
    args = b"\x01"
    for name, words in {
        "args_ok": [b"--engine", b"/x.so", b"--seed=5", b"--verbose", b"file"],
        "args_inline": [b"--engine=/x.so", b"--threads=64", b"--offset", b"-5", b"--"],
        "args_unknown": [b"--engine", b"e", b"--nosuch"],
        "args_missing_value": [b"--engine"],
        "args_bad_int": [b"--engine", b"e", b"--seed", b"12abc"],
        "args_out_of_range": [b"--engine", b"e", b"--threads", b"0"],
        "args_flag_value": [b"--engine", b"e", b"--verbose=1"],
        "args_missing_required": [b"--seed", b"1"],
    }.items():
        write("fuzz_inputs", name, args + b"\x00".join(words))
    schedule = (b"enginesim-schedule 1\nseed 42\nstrategy pct:2:300\n"
                b"meta engine /x/mem_engine.so\nmeta config item_size_max=1m\n"
                b"trace-hash 00000000deadbeef\nchoices 3\nt 2 1\ntp 3 0\nw 2 1\n")
    write("fuzz_inputs", "schedule_ok", b"\x02\x01" + schedule)  # checksum appended
    write("fuzz_inputs", "schedule_no_checksum", b"\x02\x00" + schedule)
    write("fuzz_inputs", "schedule_bad_choice", b"\x02\x01" + schedule.replace(b"t 2 1", b"t 2 2"))

    history = (b"enginesim-history 1\n# a comment\n"
               b"options cas_feature=1 may_evict=0 process_started=1699999998 "
               b"item_size_max=1048578 key_max=250 start_time=2\n"
               b"conn=1 call=3 ret=7 time=2..2 set \"k\" \"v1\" -> ENGINE_SUCCESS cas=5\n"
               b"conn=2 call=4 ret=- time=2..- append \"k\" \"x\" -> pending\n")
    write("fuzz_inputs", "history_ok", b"\x03" + history)
    write("fuzz_inputs", "history_minimal", b"\x03enginesim-history 1\n")
    write("fuzz_inputs", "history_bad_version", b"\x03enginesim-history 2\n")

    workload = (b"enginesim-workload 1\nconnections 2\nconnection 1\n"
                b"set k0 \"v1\" exptime=30 flags=7\nget k0\nappend k0 \"x\"\n"
                b"connection 2\nincr \"k\\x00bin\" 5\ndelete k0\ndecr k1 2\n"
                b"clock\nadvance 60\n")
    write("fuzz_inputs", "workload_ok", b"\x04" + workload)
    write("fuzz_inputs", "workload_bad_op", b"\x04" + workload.replace(b"get k0", b"frob k0"))
    write("fuzz_inputs", "workload_bad_version", b"\x04enginesim-workload 9\n")


class FuzzedData:
    """Builds fuzz_engine inputs the way FuzzedDataProvider reads them:
    integers from the end of the input (one byte per 8 bits of range, the
    last byte first), strings from the front (a string ends at a backslash
    followed by another byte), the scheduler's choices in the middle."""

    def __init__(self):
        self.front = b""
        self.tail = []  # integer bytes in the order they are consumed

    def int_range(self, lo, hi, value):
        assert lo <= value <= hi
        span, offset, x, out = hi - lo, 0, value - lo, []
        while offset < 64 and (span >> offset) > 0:
            out.append(None)
            offset += 8
        for i in range(len(out)):  # most significant byte consumed first
            out[i] = (x >> (8 * (len(out) - 1 - i))) & 0xFF
        self.tail += out

    def boolean(self, value):
        self.int_range(0, 255, 1 if value else 0)

    def u32(self, value):
        self.int_range(0, 2**32 - 1, value)

    def string(self, data):
        assert b"\\" not in data
        self.front += data + b"\\e"

    def build(self, choices=b""):
        return self.front + bytes(choices) + bytes(reversed(self.tail))


# fuzz_workload.cpp's kKinds, in its order: the item operations twice, then
# the rest. A seed names an operation by its first place.
ITEM_KINDS = ["get", "set", "add", "replace", "append", "prepend", "delete", "incr", "decr"]
KINDS = ITEM_KINDS + ITEM_KINDS + ["cas", "flush", "stats", "reset_stats", "unknown",
                                   "disconnect"]
STORES = {"set", "add", "replace", "append", "prepend"}
UNKNOWN_OPCODES = [0x1B, 0xF0]  # sched::unknown_opcodes()
STATS_GROUPS = ["slabs", "items", "sizes"]  # sched::stats_groups()


def engine_input(connections, advances=(), workers=0, spurious=False, choices=b""):
    """connections: lists of ops (kind, key[, value or delta][, exptime, flags]);
    key "kN" comes from the key space, any other key is fuzzed bytes."""
    d = FuzzedData()
    d.int_range(1, 3, len(connections))
    for ops in connections:
        d.int_range(1, 6, len(ops))
        for op in ops:
            kind = op[0]
            d.int_range(0, len(KINDS) - 1, KINDS.index(kind))
            if kind in ("flush", "reset_stats", "disconnect"):
                continue
            if kind == "unknown":  # an index into sched::unknown_opcodes()
                d.int_range(0, len(UNKNOWN_OPCODES) - 1, UNKNOWN_OPCODES.index(op[1]))
                continue
            if kind == "stats":  # no group, or one of sched::stats_groups()
                if op[1] is None:
                    d.int_range(0, 3, 0)
                else:
                    d.int_range(0, 3, 2)
                    d.int_range(0, len(STATS_GROUPS) - 1, STATS_GROUPS.index(op[1]))
                continue
            key = op[1]
            if key[:1] == b"k" and key[1:].isdigit():
                d.int_range(0, 7, 1)
                d.int_range(0, 3, int(key[1:]))
            else:
                d.int_range(0, 7, 0)
                d.string(key)
            if kind in ("incr", "decr"):
                d.boolean(True)
                d.int_range(0, 9, op[2])
            if kind in STORES or kind == "cas":
                value, exptime, flags = op[2], (op[3] if len(op) > 3 else 0), (op[4] if len(op) > 4 else 0)
                if value.isdigit():
                    d.boolean(True)
                    d.int_range(0, 999, int(value))
                else:
                    d.boolean(False)
                    d.string(value)
                d.boolean(flags == 0)
                if flags:
                    d.u32(flags)
                d.boolean(exptime == 0)
                if exptime:
                    d.int_range(1, 300, exptime)
            if kind == "cas":
                d.boolean(False)  # no get of its key just before
    d.int_range(0, 3, len(advances))
    for sec in advances:
        d.int_range(1, 120, sec)
    d.int_range(0, len(connections), workers)
    d.boolean(spurious)
    return d.build(choices)


def engine_seeds():
    # Choices: byte i picks option byte % count at the i-th decision of the
    # scheduler (which thread runs, which waiter wakes, how a wait ends).
    seeds = {
        "one_get": engine_input([[("get", b"k0")]]),
        "set_get_two_connections": engine_input(
            [[("set", b"k0", b"1"), ("get", b"k0")], [("incr", b"k0", 5), ("delete", b"k0")]],
            choices=b"\x01\x00\x01\x01\x00\x01\x00\x00\x01"),
        "stores_race_on_one_key": engine_input(
            [[("set", b"k1", b"a"), ("append", b"k1", b"b")],
             [("add", b"k1", b"z"), ("prepend", b"k1", b"p")],
             [("replace", b"k1", b"r"), ("get", b"k1")]],
            choices=bytes(range(1, 64, 3))),
        "expiry_and_clock": engine_input(
            [[("set", b"k2", b"v", 30, 7), ("get", b"k2")], [("get", b"k2"), ("decr", b"k2", 1)]],
            advances=(29, 2), workers=1, choices=b"\x00\x01" * 16),
        "binary_key_one_worker": engine_input(
            [[("set", b"\x00bin key", b"value\x01"), ("get", b"\x00bin key")],
             [("delete", b"\x00bin key")]],
            workers=1, choices=b"\x02\x01\x00" * 8),
        "entry_points_without_items": engine_input(
            [[("stats", None), ("set", b"k0", b"1"), ("unknown", 0xF0), ("stats", "items")],
             [("cas", b"k0", b"2"), ("flush",), ("reset_stats",), ("disconnect",)]],
            choices=b"\x01\x00" * 12),
        "spurious_wakeups": engine_input(
            [[("set", b"k3", b"9"), ("incr", b"k3", 1)], [("decr", b"k3", 2), ("get", b"k3")]],
            spurious=True, choices=b"\x01" * 40),
    }
    for name, data in seeds.items():
        write("fuzz_engine", name, data)


if __name__ == "__main__":
    unknown_command_seeds()
    inputs_seeds()
    engine_seeds()
