"""Recipe search for BreastMNIST (the reference CNN) and ECG200 (LSTM-FCN) in PyTorch: many small nets in
parallel processes on one GPU. It produced the recipe tables of docs/benchmarks.md; the platform itself
trains with TensorFlow.js.

Every recipe is scored by cross-validation on the data a benchmark may use for selection, and separately
on the test split:
  - BreastMNIST `ens`: a 5-network seed ensemble trained on train, early-stopped on val, scored on test.
    `cv`: 5-fold cross-validation over train+val: out-of-fold AUC of single networks (the selection
    figure), and the test AUC of the 5 fold networks averaged.
  - ECG200 `test`: 5 networks trained on TRAIN, scored on TEST alone and averaged. `cv`: 5-fold
    out-of-fold accuracy on TRAIN.
Run (about 9 minutes with 15 workers on one H200):
  PMED_SHARED_DATA=../shared/data OUT=/tmp/out WORKERS=15 DEADLINE=$(( $(date +%s) + 420 )) python3 torch_recipe_search.py
  TASKS='bn_ls0.1:1,2,3;bn:4,5' ... python3 torch_recipe_search.py   # chosen BreastMNIST recipes and seeds
  python3 torch_recipe_search.py analyse /tmp/out/results.jsonl      # the tables
QUICK=1 trains for 2-3 epochs: a smoke test on a CPU.
"""
import json, math, os, sys, time, copy
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.multiprocessing as mp

DATA = os.environ.get('PMED_SHARED_DATA', '../shared/data')
DEV = 'cuda' if torch.cuda.is_available() else 'cpu'
QUICK = os.environ.get('QUICK') == '1'


def auc(y, s):
    y = np.asarray(y); s = np.asarray(s, dtype=np.float64)
    order = np.argsort(s, kind='mergesort'); ranks = np.empty(len(s)); sv = s[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sv[j + 1] == sv[i]: j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1; i = j + 1
    pos = y == 1; n1 = pos.sum(); n0 = len(y) - n1
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def strat_folds(labels, k, seed):
    rng = np.random.RandomState(seed); folds = np.zeros(len(labels), dtype=int)
    for c in np.unique(labels):
        idx = np.where(labels == c)[0]; rng.shuffle(idx)
        folds[idx] = np.arange(len(idx)) % k
    return folds

# ---------------------------------------------------------------- BreastMNIST

class RefCNN(nn.Module):
    def __init__(self, width=1.0, bn=False, sdrop=0.0, head='dense', drop=0.5):
        super().__init__()
        chans = [int(32 * width), int(64 * width), int(128 * width)]
        layers = []; cin = 1
        for c in chans:
            layers.append(nn.Conv2d(cin, c, 3, padding=1, bias=not bn))
            if bn: layers.append(nn.BatchNorm2d(c, momentum=0.01, eps=1e-3))
            layers += [nn.ReLU(), nn.MaxPool2d(2)]
            if sdrop > 0: layers.append(nn.Dropout2d(sdrop))
            cin = c
        self.features = nn.Sequential(*layers)
        self.head = head
        if head == 'dense':
            self.fc = nn.Linear(cin * 9, 512); self.drop = nn.Dropout(drop); self.out = nn.Linear(512, 2)
        else:
            self.drop = nn.Dropout(drop * 0.5); self.out = nn.Linear(cin, 2)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d,)) or m is getattr(self, 'fc', None):
                nn.init.kaiming_normal_(m.weight, nonlinearity='relu')
                if m.bias is not None: nn.init.zeros_(m.bias)
        nn.init.xavier_uniform_(self.out.weight); nn.init.zeros_(self.out.bias)

    def forward(self, x):
        h = self.features(x)
        if self.head == 'dense':
            return self.out(self.drop(F.relu(self.fc(h.flatten(1)))))
        return self.out(self.drop(h.mean((2, 3))))


def augment(x, mode, gen):
    if mode == 'none': return x
    n = x.shape[0]
    flip = (torch.rand(n, generator=gen, device=x.device) < 0.5).float() * 2 - 1 if 'flip' in mode else torch.ones(n, device=x.device)
    shift = 2.0 / 14 if 'shift' in mode else 0.0  # +-2 px in normalised coordinates (28 px = 2 units)
    ang = (torch.rand(n, generator=gen, device=x.device) * 2 - 1) * (math.pi / 18) if 'rot' in mode else torch.zeros(n, device=x.device)
    tx = (torch.rand(n, generator=gen, device=x.device) * 2 - 1) * shift
    ty = (torch.rand(n, generator=gen, device=x.device) * 2 - 1) * shift
    cos, sin = torch.cos(ang), torch.sin(ang)
    theta = torch.stack([torch.stack([cos * flip, -sin, tx], 1), torch.stack([sin * flip, cos, ty], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    return F.grid_sample(x, grid, padding_mode='border', align_corners=False)


def train_cnn(r, seed, xtr, ytr, xva, yva, evals):
    torch.manual_seed(seed)
    gen = torch.Generator(device=xtr.device); gen.manual_seed(seed)
    model = RefCNN(r['width'], r['bn'], r['sdrop'], r['head'], r['drop']).to(xtr.device)
    if r['wd'] > 0: opt = torch.optim.AdamW(model.parameters(), lr=r['lr'], eps=1e-7, weight_decay=r['wd'])
    else: opt = torch.optim.Adam(model.parameters(), lr=r['lr'], eps=1e-7)
    n = xtr.shape[0]; bs = r['bs']; steps = math.ceil(n / bs); total = steps * r['epochs']; step = 0
    best = (float('inf'), None, -1); bad = 0; swa = None; swa_n = 0
    for epoch in range(r['epochs']):
        model.train()
        perm = torch.randperm(n, generator=gen, device=xtr.device)
        for b in range(steps):
            idx = perm[b * bs:(b + 1) * bs]
            x = augment(xtr[idx], r['aug'], gen); y = ytr[idx]
            if r['sched'] == 'cosine':
                for g in opt.param_groups: g['lr'] = 0.5 * r['lr'] * (1 + math.cos(math.pi * step / total))
            if r['mixup'] > 0:
                lam = float(np.random.RandomState(seed * 100003 + step).beta(r['mixup'], r['mixup']))
                p = torch.randperm(x.shape[0], generator=gen, device=x.device)
                logits = model(lam * x + (1 - lam) * x[p])
                loss = lam * F.cross_entropy(logits, y, label_smoothing=r['ls']) + (1 - lam) * F.cross_entropy(logits, y[p], label_smoothing=r['ls'])
            else:
                loss = F.cross_entropy(model(x), y, label_smoothing=r['ls'])
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step(); step += 1
        model.eval()
        with torch.no_grad():
            vl = model(xva)
            vloss = F.cross_entropy(vl, yva).item()
            crit = vloss if r['select'] == 'val_loss' else -auc(yva.cpu().numpy(), (vl[:, 1] - vl[:, 0]).cpu().numpy())
        if r['patience'] > 0:
            if crit < best[0]:
                best = (crit, copy.deepcopy(model.state_dict()), epoch); bad = 0
            else:
                bad += 1
                if bad >= r['patience']: break
        if r['swa'] and epoch >= r['epochs'] - r['swa']:
            sd = model.state_dict()
            if swa is None: swa = {k: v.detach().clone().float() for k, v in sd.items()}; swa_n = 1
            else:
                swa_n += 1
                for k in swa: swa[k] += (sd[k].float() - swa[k]) / swa_n
    if r['patience'] > 0 and best[1] is not None: model.load_state_dict(best[1])
    if swa is not None: model.load_state_dict({k: v.to(model.state_dict()[k].dtype) for k, v in swa.items()})
    model.eval(); out = []
    with torch.no_grad():
        for xe in evals:
            l = model(xe)
            if r['tta']: l = (l + model(torch.flip(xe, dims=[3]))) / 2
            out.append((l[:, 1] - l[:, 0]).cpu().numpy())
    return out, (best[2] + 1 if best[1] is not None else r['epochs'])


BASE = dict(width=1.0, bn=False, sdrop=0.0, head='dense', drop=0.5, lr=1e-3, wd=0.0, bs=32, epochs=40, patience=10,
            sched='const', aug='none', mixup=0.0, ls=0.0, select='val_loss', tta=False, swa=0)

CNN_RECIPES = {
    'base': {},
    'ls0.1': dict(ls=0.1),
    'mixup0.2': dict(mixup=0.2),
    'mixup0.4': dict(mixup=0.4),
    'wide2': dict(width=2.0),
    'bn': dict(bn=True),
    'shift': dict(aug='shift'),
    'flip': dict(aug='flip'),
    'shiftrot': dict(aug='shift_rot'),
    'adamw0.05': dict(wd=0.05),
    'cosine30_noes': dict(sched='cosine', epochs=30, patience=0),
    'cosine30_noes_swa10': dict(sched='cosine', epochs=30, patience=0, swa=10),
    'sel_auc': dict(select='val_auc'),
    'mixup0.2_ls0.1': dict(mixup=0.2, ls=0.1),
    'wide2_mixup0.2': dict(width=2.0, mixup=0.2),
    'bn_mixup0.2': dict(bn=True, mixup=0.2),
    'lr3e-4_p15': dict(lr=3e-4, epochs=60, patience=15),
    'bs16': dict(bs=16),
    'shift_mixup0.2': dict(aug='shift', mixup=0.2),
    'sdrop0.2': dict(sdrop=0.2),
    'gap_head': dict(head='gap'),
    'bn_shift_cos60': dict(bn=True, aug='shift', sched='cosine', epochs=60, patience=0),
    'tta_flip': dict(tta=True),
    'bn_mixup0.4': dict(bn=True, mixup=0.4),
    'bn_ls0.1': dict(bn=True, ls=0.1),
    'bn_cos40_noes': dict(bn=True, sched='cosine', epochs=40, patience=0),
    'bn_mixup0.2_cos40_noes': dict(bn=True, mixup=0.2, sched='cosine', epochs=40, patience=0),
}


def cnn_task(args):
    name, mode, seed = args
    r = dict(BASE, **CNN_RECIPES[name])
    if QUICK: r['epochs'] = 2
    d = np.load(os.path.join(DATA, 'imaging', 'breastmnist.npz'))
    tr = d['train_images'].astype(np.float32) / 255; va = d['val_images'].astype(np.float32) / 255; te = d['test_images'].astype(np.float32) / 255
    ytr = d['train_labels'].ravel().astype(np.int64); yva = d['val_labels'].ravel().astype(np.int64); yte = d['test_labels'].ravel().astype(np.int64)
    t0 = time.time(); K = 2 if QUICK else 5
    if mode == 'ens':
        m, s = tr.mean(), tr.std()
        T = lambda a: torch.tensor((a - m) / s, device=DEV).unsqueeze(1)
        xtr, xva, xte = T(tr), T(va), T(te)
        Y = lambda a: torch.tensor(a, device=DEV)
        members = []
        for k in range(K):
            (sv, st), ep = train_cnn(r, seed + 1000 * k, xtr, Y(ytr), xva, Y(yva), [xva, xte])
            members.append(dict(val=sv.tolist(), test=st.tolist(), epoch=ep))
        return dict(task='cnn', recipe=name, mode=mode, seed=seed, members=members, seconds=time.time() - t0)
    # 5-fold CV on train+val: out-of-fold scores, and each fold model's test scores.
    allx = np.concatenate([tr, va]); ally = np.concatenate([ytr, yva]); folds = strat_folds(ally, K, seed)
    oof = np.zeros(len(ally)); tests = []
    for f in range(K):
        trm = folds != f
        m, s = allx[trm].mean(), allx[trm].std()
        T = lambda a: torch.tensor((a - m) / s, device=DEV).unsqueeze(1)
        (so, st), ep = train_cnn(r, seed + 1000 * f, T(allx[trm]), torch.tensor(ally[trm], device=DEV), T(allx[~trm]), torch.tensor(ally[~trm], device=DEV), [T(allx[~trm]), T(te)])
        oof[~trm] = so; tests.append(st.tolist())
    return dict(task='cnn', recipe=name, mode=mode, seed=seed, oof=oof.tolist(), oof_labels=ally.tolist(), tests=tests, seconds=time.time() - t0)

# ---------------------------------------------------------------- ECG200

class LstmFcn(nn.Module):
    def __init__(self, length, lstm=8, drop=0.8):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv1d(1, 128, 8, padding='same'), nn.Conv1d(128, 256, 5, padding='same'), nn.Conv1d(256, 128, 3, padding='same')])
        self.bns = nn.ModuleList([nn.BatchNorm1d(c, momentum=0.01, eps=1e-3) for c in (128, 256, 128)])
        self.lstm = nn.LSTM(length, lstm, batch_first=True) if lstm > 0 else None
        self.drop = nn.Dropout(drop)
        self.out = nn.Linear(128 + lstm, 2)
        for c in self.convs: nn.init.kaiming_uniform_(c.weight, nonlinearity='relu'); nn.init.zeros_(c.bias)

    def forward(self, x):
        h = x.unsqueeze(1)
        for c, b in zip(self.convs, self.bns): h = F.relu(b(c(h)))
        feats = h.mean(2)
        if self.lstm is not None:
            o, _ = self.lstm(x.unsqueeze(1))
            feats = torch.cat([self.drop(o[:, -1]), feats], 1)
        return self.out(feats)


ECG_BASE = dict(lr=1e-3, bs=16, epochs=300, val=0.2, patience=60, plateau=0, keep='val_loss', lstm=8)
ECG_RECIPES = {
    'current': {},
    'paper_bs128_2000': dict(bs=128, epochs=2000, val=0.0, patience=0, plateau=100, keep='train_loss'),
    'paper_bs16_1000': dict(bs=16, epochs=1000, val=0.0, patience=0, plateau=100, keep='train_loss'),
    'full_bs16_300_last': dict(epochs=300, val=0.0, patience=0, keep='last'),
    'current_bs32': dict(bs=32),
    'paper_bs128_2000_fcn': dict(bs=128, epochs=2000, val=0.0, patience=0, plateau=100, keep='train_loss', lstm=0),
}


def train_ecg(r, seed, xtr, ytr, evals):
    torch.manual_seed(seed); gen = torch.Generator(device=xtr.device); gen.manual_seed(seed)
    n = xtr.shape[0]
    if r['val'] > 0:
        f = strat_folds(ytr.cpu().numpy(), int(round(1 / r['val'])), seed)
        vm = torch.tensor(f == 0, device=xtr.device)
        xv, yv, xt, yt = xtr[vm], ytr[vm], xtr[~vm], ytr[~vm]
    else:
        xt, yt = xtr, ytr
    model = LstmFcn(xtr.shape[1], r['lstm']).to(xtr.device)
    opt = torch.optim.Adam(model.parameters(), lr=r['lr'], eps=1e-7)
    lr = r['lr']; plateau_best = float('inf'); plateau_bad = 0
    best = (float('inf'), None, -1); bad = 0; n = xt.shape[0]; steps = math.ceil(n / r['bs'])
    epochs = 3 if QUICK else r['epochs']
    for epoch in range(epochs):
        model.train(); perm = torch.randperm(n, generator=gen, device=xt.device); tot = 0.0
        for b in range(steps):
            idx = perm[b * r['bs']:(b + 1) * r['bs']]
            loss = F.cross_entropy(model(xt[idx]), yt[idx])
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step(); tot += loss.item() * len(idx)
        tot /= n
        if r['plateau']:
            if tot < plateau_best: plateau_best = tot; plateau_bad = 0
            else:
                plateau_bad += 1
                if plateau_bad >= r['plateau']:
                    lr = max(1e-4, lr / 2 ** (1 / 3)); plateau_bad = 0
                    for g in opt.param_groups: g['lr'] = lr
        if r['keep'] == 'val_loss':
            model.eval()
            with torch.no_grad(): crit = F.cross_entropy(model(xv), yv).item()
        elif r['keep'] == 'train_loss':
            crit = tot
        else:
            continue
        if crit < best[0]: best = (crit, copy.deepcopy(model.state_dict()), epoch); bad = 0
        else:
            bad += 1
            if r['patience'] and bad >= r['patience']: break
    if best[1] is not None: model.load_state_dict(best[1])
    model.eval()
    with torch.no_grad():
        return [torch.softmax(model(xe), 1)[:, 1].cpu().numpy() for xe in evals], best[2] + 1


def read_ucr(path):
    a = np.loadtxt(path, delimiter='\t'); y = a[:, 0]; return a[:, 1:].astype(np.float32), y


def ecg_task(args):
    name, mode, seed = args
    r = dict(ECG_BASE, **ECG_RECIPES[name]); t0 = time.time()
    xtr, ytr = read_ucr(os.path.join(DATA, 'ucr', 'ECG200', 'ECG200_TRAIN.tsv')); xte, yte = read_ucr(os.path.join(DATA, 'ucr', 'ECG200', 'ECG200_TEST.tsv'))
    classes = sorted(set(ytr.tolist())); ytr = np.array([classes.index(v) for v in ytr]); yte = np.array([classes.index(v) for v in yte])
    m, s = xtr.mean(), xtr.std()
    T = lambda a: torch.tensor((a - m) / s, device=DEV)
    if mode == 'test':
        members = []
        for k in range(2 if QUICK else 5):
            (pt,), ep = train_ecg(r, seed + 1000 * k, T(xtr), torch.tensor(ytr, device=DEV), [T(xte)])
            members.append(dict(test=pt.tolist(), epoch=ep))
        return dict(task='ecg', recipe=name, mode=mode, seed=seed, members=members, test_labels=yte.tolist(), seconds=time.time() - t0)
    folds = strat_folds(ytr, 5, seed); oof = np.zeros(len(ytr))
    for f in range(5):
        trm = folds != f
        (po,), ep = train_ecg(r, seed + 1000 * f, T(xtr[trm]), torch.tensor(ytr[trm], device=DEV), [T(xtr[~trm])])
        oof[~trm] = po
    return dict(task='ecg', recipe=name, mode=mode, seed=seed, oof=oof.tolist(), oof_labels=ytr.tolist(), seconds=time.time() - t0)


def run(args):
    torch.set_num_threads(1)
    if time.time() > DEADLINE: return dict(skipped=args)
    try:
        return cnn_task(args[1:]) if args[0] == 'cnn' else ecg_task(args[1:])
    except Exception as e:  # noqa
        return dict(error=repr(e), args=args)


DEADLINE = float(os.environ.get('DEADLINE', '1e12'))


def analyse(path):
    from collections import defaultdict

    rows = [json.loads(l) for l in open(path)]
    d = np.load(os.path.join(DATA, 'imaging', 'breastmnist.npz'))
    yva = d['val_labels'].ravel(); yte = d['test_labels'].ravel()
    errs = [r for r in rows if 'error' in r or 'skipped' in r]
    print('errors/skipped:', len(errs), errs[:3])
    cnn = defaultdict(lambda: defaultdict(list)); ecg = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r.get('task') == 'cnn':
            a = cnn[r['recipe']]
            if r['mode'] == 'ens':
                val = np.array([m['val'] for m in r['members']]); te = np.array([m['test'] for m in r['members']])
                a['single_test_auc'] += [auc(yte, t) for t in te]
                a['ens_val_auc'].append(auc(yva, val.mean(0))); a['ens_test_auc'].append(auc(yte, te.mean(0)))
                a['ens_test_acc'].append(float(((te.mean(0) > 0) == yte).mean()))
                a['epochs'] += [m['epoch'] for m in r['members']]
            else:
                a['cv_oof_auc'].append(auc(np.array(r['oof_labels']), np.array(r['oof'])))
                t = np.array(r['tests']).mean(0)
                a['cvens_test_auc'].append(auc(yte, t)); a['cvens_test_acc'].append(float(((t > 0) == yte).mean()))
            a['seconds'].append(r['seconds'])
        elif r.get('task') == 'ecg':
            a = ecg[r['recipe']]; 
            if r['mode'] == 'test':
                y = np.array(r['test_labels']); p = np.array([m['test'] for m in r['members']])
                a['single_acc'] += [float(((q > 0.5) == y).mean()) for q in p]
                a['ens_acc'].append(float(((p.mean(0) > 0.5) == y).mean()))
                a['epochs'] += [m['epoch'] for m in r['members']]
            else:
                y = np.array(r['oof_labels']); a['cv_acc'].append(float(((np.array(r['oof']) > 0.5) == y).mean()))
            a['seconds'].append(r['seconds'])

    fmt = lambda v: f'{np.mean(v):.4f}' if len(v) else '  -   '
    print('\nBreastMNIST (means over seeds; cv_oof = 5-fold single-net OOF AUC on train+val)')
    print(f'{"recipe":24s} {"cv_oof":>7s} {"ensVal":>7s} {"1test":>7s} {"ensTest":>7s} {"ensAcc":>7s} {"cvEnsT":>7s} {"cvEnsA":>7s} {"ep":>5s} n')
    for k, a in sorted(cnn.items(), key=lambda kv: -np.mean(kv[1]['cv_oof_auc'] or [0])):
        print(f'{k:24s} {fmt(a["cv_oof_auc"]):>7s} {fmt(a["ens_val_auc"]):>7s} {fmt(a["single_test_auc"]):>7s} {fmt(a["ens_test_auc"]):>7s} {fmt(a["ens_test_acc"]):>7s} {fmt(a["cvens_test_auc"]):>7s} {fmt(a["cvens_test_acc"]):>7s} {np.mean(a["epochs"] or [0]):5.1f} {len(a["ens_test_auc"])}/{len(a["cv_oof_auc"])}')
        print(f'{"":24s} ens test per seed {[round(v, 3) for v in a["ens_test_auc"]]} cvens {[round(v, 3) for v in a["cvens_test_auc"]]}')
    print('\nECG200 (cv = 5-fold OOF accuracy on TRAIN)')
    for k, a in sorted(ecg.items(), key=lambda kv: -np.mean(kv[1]['cv_acc'] or [0])):
        print(f'{k:24s} cv {fmt(a["cv_acc"])} single {fmt(a["single_acc"])} ens {fmt(a["ens_acc"])} {[round(v, 2) for v in a["ens_acc"]]} epochs {np.mean(a["epochs"] or [0]):.0f} s {np.mean(a["seconds"]):.0f}')


if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[1] == 'analyse':
        analyse(sys.argv[2]); sys.exit(0)
    out = os.environ.get('OUT', '.')
    workers = int(os.environ.get('WORKERS', '12'))
    seeds = [1, 2, 3, 4, 5] if not QUICK else [1]
    cnn_names = list(CNN_RECIPES) if not QUICK else ['base', 'mixup0.2', 'bn_shift_cos60', 'cosine30_noes_swa10', 'tta_flip']
    ecg_names = list(ECG_RECIPES) if not QUICK else ['current', 'paper_bs128_2000']
    tasks = []
    if os.environ.get('TASKS'):
        for item in os.environ['TASKS'].split(';'):
            n_, ss = item.split(':')
            for s_ in ss.split(','): tasks += [('cnn', n_, 'ens', int(s_)), ('cnn', n_, 'cv', int(s_))]
        seeds = []
    # Seed-major, so a deadline leaves every recipe with its first seeds; ECG tasks (the longest) first in each round.
    for s in seeds:
        for n_ in ecg_names: tasks += [('ecg', n_, 'test', s), ('ecg', n_, 'cv', s)]
        for n_ in cnn_names: tasks += [('cnn', n_, 'ens', s), ('cnn', n_, 'cv', s)]
    ctx = mp.get_context('spawn')
    t0 = time.time()
    with open(os.path.join(out, 'results.jsonl'), 'w') as fh, ctx.Pool(workers) as pool:
        for i, res in enumerate(pool.imap_unordered(run, tasks)):
            fh.write(json.dumps(res) + '\n'); fh.flush()
            tag = res.get('recipe', res.get('error', res.get('skipped')))
            print(f'[{time.time() - t0:6.1f}s] {i + 1}/{len(tasks)} {res.get("task")} {tag} {res.get("mode")} {res.get("seed")} {res.get("seconds", 0):.1f}s', flush=True)
    print('done', time.time() - t0)
