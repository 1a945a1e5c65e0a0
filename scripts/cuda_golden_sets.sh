#!/bin/sh
# The three CUDA golden sets in one command, for a GPU machine with PyTorch and CUDA (no Java needed):
#   cuda-float64, cuda-float32-tf32, cuda-float32-notf32 under golden-data/pytorch-python/,
# then one archive of them, because a machine that returns only a few files (such as a lent device
# machine, which returns at most 8 files from $OUT) cannot send back the sets' thousands of files.
#
#   sh scripts/cuda_golden_sets.sh [ARCHIVE_DIR]      (default: $OUT where set, else the current folder)
#
# Back where Java is, in the repository root:
#   tar xzf ARCHIVE_DIR/cuda-sets.tar.gz && java -jar target/refcheck.jar golden check
# and commit golden-data/pytorch-python/cuda-*. Exit status: the first failing step's.
set -eu
python=${PYTHON:-python3}
archive_dir=${1:-${OUT:-.}}
export PYTHONUNBUFFERED=1
cd "$(dirname "$0")/.."
"$python" -c 'import torch; assert torch.cuda.is_available(), "torch.cuda.is_available() is False"; print("torch", torch.__version__, "CUDA", torch.version.cuda, torch.cuda.get_device_name(0))'
"$python" scripts/torch_golden.py --device cuda --dtype float64
"$python" scripts/torch_golden.py --device cuda --dtype float32 --tf32 on
"$python" scripts/torch_golden.py --device cuda --dtype float32 --tf32 off
mkdir -p "$archive_dir"
tar czf "$archive_dir/cuda-sets.tar.gz" golden-data/pytorch-python/cuda-float64 golden-data/pytorch-python/cuda-float32-tf32 \
    golden-data/pytorch-python/cuda-float32-notf32
ls -l "$archive_dir/cuda-sets.tar.gz"
