#!/usr/bin/env python3
# make_seeds.py - writes the committed seed corpora (fuzz/corpus/<target>/)
# so that each seed's meaning is readable here; run it after changing an
# input layout (fuzz/request_packet.h, fuzz/fuzz_inputs.cpp).
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


if __name__ == "__main__":
    unknown_command_seeds()
    inputs_seeds()
