#!/usr/bin/env python3
"""An external meter for LatencyNAS: times OFA MobileNetV3 subnets with PyTorch.

LatencyNAS starts this script once and speaks protocol 1 with it, one JSON object per line
(docs/EXTERNAL_METERS.md): a handshake, then one request per architecture on stdin, one reply
per request on stdout. Logs and anything libraries print go to stderr.

The subnet comes from the `ofa` package when it is installed (OFA's own supernet and
get_active_subnet), otherwise from the self-contained definition below, which builds the same
layers. Weights are random: latency does not depend on their values.

    python3 pytorch_ofa_meter.py --device cuda:0 --warmup 10 --runs 50
    python3 pytorch_ofa_meter.py --device cpu --threads 4 --runs 10
"""
import argparse
import json
import os
import platform
import socket
import statistics
import sys
import time

PROTOCOL = 1

# stdout carries protocol lines only: keep the real stdout for them and point file descriptor 1
# (and Python's sys.stdout) at stderr, so nothing a library prints can break the conversation.
_protocol_out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr

import torch  # noqa: E402  (imported after stdout is redirected: CUDA libraries may print)
import torch.nn as nn  # noqa: E402

STAGES = 5
MAX_DEPTH = 4


def log(message):
    print("pytorch_ofa_meter: " + message, file=sys.stderr, flush=True)


def send(obj):
    _protocol_out.write(json.dumps(obj, allow_nan=False) + "\n")
    _protocol_out.flush()


# ---------------------------------------------------------------------------------------------
# OFA MobileNetV3 without the ofa package (ofa/imagenet_classification/elastic_nn/networks/
# ofa_mbv3.py and ofa/utils/layers.py, as a subnet after get_active_subnet).

def make_divisible(v, divisor=8, min_val=None):
    """OFA's make_divisible: nearest multiple of divisor, never more than 10% below v."""
    if min_val is None:
        min_val = divisor
    new_v = max(min_val, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def conv_bn_act(cin, cout, kernel, stride, act, groups=1):
    layers = [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act())
    return nn.Sequential(*layers)


class SqueezeExcite(nn.Module):
    """OFA's SEModule: mean pool, reduce to make_divisible(mid // 4, 8), ReLU, expand, h-sigmoid, scale."""

    def __init__(self, channels):
        super().__init__()
        hidden = make_divisible(channels // 4, 8)
        self.fc = nn.Sequential(nn.Conv2d(channels, hidden, 1, bias=True), nn.ReLU(inplace=True),
                                nn.Conv2d(hidden, channels, 1, bias=True), nn.Hardsigmoid(inplace=True))

    def forward(self, x):
        return x * self.fc(x.mean((2, 3), keepdim=True))


class MBConv(nn.Module):
    """OFA's MBConvLayer inside a ResidualBlock: expand 1x1 (absent at ratio 1), depthwise kxk,
    optional SE, project 1x1; identity shortcut when stride 1 and widths match."""

    def __init__(self, cin, cout, kernel, stride, expand_ratio, act, use_se):
        super().__init__()
        if expand_ratio == 1:
            mid = cin
            self.expand = None
        else:
            mid = make_divisible(round(cin * expand_ratio), 8)
            self.expand = conv_bn_act(cin, mid, 1, 1, act)
        self.depthwise = conv_bn_act(mid, mid, kernel, stride, act, groups=mid)
        self.se = SqueezeExcite(mid) if use_se else None
        self.project = conv_bn_act(mid, cout, 1, 1, None)
        self.shortcut = stride == 1 and cin == cout

    def forward(self, x):
        y = x if self.expand is None else self.expand(x)
        y = self.depthwise(y)
        if self.se is not None:
            y = self.se(y)
        y = self.project(y)
        return x + y if self.shortcut else y


class OfaMobileNetV3(nn.Module):
    BASE_STAGE_WIDTH = [16, 16, 24, 40, 80, 112, 160, 960, 1280]
    STRIDES = [2, 2, 2, 1, 2]
    ACTS = [nn.ReLU, nn.ReLU, nn.Hardswish, nn.Hardswish, nn.Hardswish]
    SE = [False, True, False, True, True]

    def __init__(self, ks, e, d, width_mult, n_classes=1000):
        super().__init__()
        widths = [make_divisible(w * width_mult, 8) for w in self.BASE_STAGE_WIDTH]
        stem, first_block = widths[0], widths[1]
        self.first_conv = conv_bn_act(3, stem, 3, 2, nn.Hardswish)
        self.first_block = MBConv(stem, first_block, 3, 1, 1, nn.ReLU, False)
        blocks = []
        cin = first_block
        for stage in range(STAGES):
            cout = widths[2 + stage]
            for i in range(d[stage]):
                layer = stage * MAX_DEPTH + i
                stride = self.STRIDES[stage] if i == 0 else 1
                blocks.append(MBConv(cin, cout, ks[layer], stride, e[layer], self.ACTS[stage], self.SE[stage]))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.final_expand = conv_bn_act(cin, widths[7], 1, 1, nn.Hardswish)
        # OFA's feature mix layer: 1x1 conv without bias or batch norm, then h-swish
        self.feature_mix = nn.Sequential(nn.Conv2d(widths[7], widths[8], 1, bias=False), nn.Hardswish())
        self.classifier = nn.Linear(widths[8], n_classes)

    def forward(self, x):
        x = self.first_block(self.first_conv(x))
        x = self.final_expand(self.blocks(x))
        x = self.feature_mix(x.mean((2, 3), keepdim=True))
        return self.classifier(torch.flatten(x, 1))


# ---------------------------------------------------------------------------------------------

class SubnetBuilder:
    """Builds the subnet of an OFA architecture, with the ofa package when asked or available."""

    def __init__(self, choice):
        self.ofa_net = None
        if choice in ("auto", "ofa"):
            try:
                from ofa.model_zoo import ofa_net
                self.ofa_net = ofa_net
            except ImportError:
                if choice == "ofa":
                    raise SystemExit("pytorch_ofa_meter: --builder ofa, but the ofa package is not installed")
        self.name = "ofa" if self.ofa_net is not None else "builtin"
        self.supernets = {}

    def build(self, ks, e, d, width):
        if self.ofa_net is None:
            return OfaMobileNetV3(ks, e, d, width)
        net_id = "ofa_mbv3_d234_e346_k357_w%.1f" % width
        if net_id not in self.supernets:
            self.supernets[net_id] = self.ofa_net(net_id, pretrained=False)
        supernet = self.supernets[net_id]
        # inactive slots are 0 in OFA's JSON; give them values the supernet accepts
        supernet.set_active_subnet(ks=[k or 3 for k in ks], e=[x or 3 for x in e], d=d)
        return supernet.get_active_subnet(preserve_weight=False)


class Meter:
    def __init__(self, args):
        self.device = torch.device(args.device)
        self.dtype = torch.float16 if args.half else torch.float32
        self.warmup = args.warmup
        self.runs = args.runs
        self.builder = SubnetBuilder(args.builder)
        self.cuda = self.device.type == "cuda"
        if self.cuda:
            torch.backends.cudnn.benchmark = args.cudnn_benchmark
        if args.threads:
            torch.set_num_threads(args.threads)
        self.description = self.describe()

    def describe(self):
        if self.cuda:
            name = torch.cuda.get_device_name(self.device)
        else:
            name = platform.processor() or platform.machine()
        description = {
            "name": name,
            "host": socket.gethostname(),
            "torch": torch.__version__,
            "dtype": str(self.dtype).replace("torch.", ""),
            "builder": self.builder.name,
            "warmup": self.warmup,
            "runs": self.runs,
        }
        if self.cuda:
            description["cuda"] = torch.version.cuda
            description["cudnn"] = torch.backends.cudnn.version()
            description["cudnn_benchmark"] = torch.backends.cudnn.benchmark
        else:
            description["threads"] = torch.get_num_threads()
        return description

    def measure(self, request):
        arch = request["arch"]
        ks, e, d = arch["ks"], arch["e"], arch["d"]
        r = arch["r"][0] if isinstance(arch["r"], list) else arch["r"]
        batch = int(request["batch"])
        width = float(request.get("width", 1.0))
        if len(ks) != STAGES * MAX_DEPTH or len(e) != STAGES * MAX_DEPTH or len(d) != STAGES:
            raise ValueError("ks and e need 20 entries and d 5; got %d, %d and %d" % (len(ks), len(e), len(d)))
        model = self.builder.build(ks, e, d, width).to(self.device, self.dtype).eval()
        x = torch.randn(batch, 3, r, r, device=self.device, dtype=self.dtype)
        with torch.inference_mode():
            for _ in range(self.warmup):
                model(x)
            times = [self.time_once(model, x) for _ in range(self.runs)]
        del model, x
        return statistics.median(times), {"min_ms": min(times), "max_ms": max(times), "runs": self.runs,
                                          "warmup": self.warmup, "dtype": str(self.dtype).replace("torch.", ""),
                                          "device": self.description["name"], "torch": torch.__version__}

    def time_once(self, model, x):
        if self.cuda:
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            start.record()
            model(x)
            end.record()
            end.synchronize()
            return start.elapsed_time(end)
        begin = time.perf_counter()
        model(x)
        return (time.perf_counter() - begin) * 1000.0


def handshake(meter):
    line = sys.stdin.readline()
    if not line:
        return False
    hello = json.loads(line)
    if hello.get("protocol") != PROTOCOL:
        send({"error": "this meter speaks protocol %d; LatencyNAS asked for %s" % (PROTOCOL, hello.get("protocol"))})
        return False
    send({"hello": "pytorch_ofa_meter", "protocol": PROTOCOL, "device": meter.description})
    return True


def serve(meter):
    for line in sys.stdin:
        request_id = None
        try:
            request = json.loads(line)
            request_id = request["id"]
            latency_ms, meta = meter.measure(request)
            send({"id": request_id, "latency_ms": latency_ms, "meta": meta})
        except Exception as error:  # one bad architecture or an out-of-memory must not end the meter
            log("request %s failed: %r" % (request_id, error))
            if meter.cuda:
                torch.cuda.empty_cache()
            send({"id": request_id, "error": "%s: %s" % (type(error).__name__, error)})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="cuda:0" if torch.cuda.is_available() else "cpu",
                        help="cuda:N or cpu (default: cuda:0 when CUDA is available)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed runs before timing (default 10)")
    parser.add_argument("--runs", type=int, default=50, help="timed runs; the reply is their median (default 50)")
    parser.add_argument("--half", action="store_true", help="time in float16 (CUDA only)")
    parser.add_argument("--cudnn-benchmark", action=argparse.BooleanOptionalAction, default=True,
                        help="let cuDNN pick the fastest kernels during warm-up (default on)")
    parser.add_argument("--builder", choices=["auto", "ofa", "builtin"], default="auto",
                        help="ofa: the ofa package; builtin: the definition in this file; auto: ofa when installed")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads for torch (default: torch's choice)")
    args = parser.parse_args()
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    if args.half and not args.device.startswith("cuda"):
        parser.error("--half needs a CUDA device")
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        parser.error("--device %s, but CUDA is not available to torch %s" % (args.device, torch.__version__))
    meter = Meter(args)
    log("ready: %s" % json.dumps(meter.description))
    if handshake(meter):
        serve(meter)


if __name__ == "__main__":
    main()
