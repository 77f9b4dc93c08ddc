/*
 * storydiff web: a little progressive enhancement. Every page works without it.
 *
 * Stable hooks (browser tests rely on these; keep them):
 *   #main                         the page's main region (one h1 inside)
 *   #stories .story[data-story-id]  a story on the stories page; a[rel=next], a[rel=prev] page links
 *   #story-filters                the stories page's filter form (q, outlet, since, until, sort)
 *   #story-report                 the story report (timeline, graph, fact sheet, comparison)
 *   #pairs a.pair-link            links from a story to each pairwise comparison; #pick-pair form
 *   .pair[data-pair]              one comparison on a comparison page (the first has the ids below)
 *   #report-a, #report-b          the two texts (.report.report-a / .report.report-b in every pair)
 *   .s[data-claim][data-al]       a sentence; data-al links aligned sentences across the texts
 *   [data-span~="d12"]            the words of finding d12 in a text (gets .is-hl when shown)
 *   #findings                     the first pair's findings list (ol.findings in every pair)
 *   .finding[data-finding-id][data-kind][data-severity]  a finding (gets .is-active when shown)
 *   .finding button.show          shows the finding in both texts (click on the finding does too)
 *   #finding-filters input[name=kind], input[name=severity]  filters (hide with the hidden attribute)
 *   form.note-form, .note         notes on findings; #notes on a story page
 *   #compare-form                 compare now; #login; #ingest-form
 *   #job-status[data-job-state]   ingest job: #job-state, #job-read, #job-kept, #job-skipped, #job-done
 */
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function tokens(value) {
    return (value || '').split(' ').filter(function (t) { return t; });
  }

  // Scroll inside the text's own box only, so the findings list stays where it is.
  function scrollWithin(box, el) {
    var top = el.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = Math.max(0, top - box.clientHeight / 3);
  }

  function showFinding(finding) {
    var pair = finding.closest('.pair');
    if (!pair) { return; }
    var id = finding.getAttribute('data-finding-id');
    var prefix = 'p' + pair.getAttribute('data-pair') + '-';
    each(document, '.is-hl', function (el) { el.classList.remove('is-hl'); });
    each(document, '.finding.is-active', function (el) { el.classList.remove('is-active'); });
    finding.classList.add('is-active');
    ['a', 'b'].forEach(function (role) {
      var box = pair.querySelector('.report-' + role);
      if (!box) { return; }
      var hits = Array.prototype.filter.call(box.querySelectorAll('[data-span]'), function (el) {
        return tokens(el.getAttribute('data-span')).indexOf(id) !== -1;
      });
      if (!hits.length) {
        // No words of its own on this side (an omission): light up its sentences.
        tokens(finding.getAttribute('data-' + role + '-claims')).forEach(function (index) {
          var s = document.getElementById(prefix + role + index);
          if (s) { hits.push(s); }
        });
      }
      hits.forEach(function (el) { el.classList.add('is-hl'); });
      if (hits.length) { scrollWithin(box, hits[0]); }
    });
  }

  each(document, '.finding', function (finding) {
    finding.addEventListener('click', function (event) {
      if (event.target.closest('a, form, details, input, select, textarea, label')) { return; }
      showFinding(finding);
    });
  });

  // Aligned sentences light up together.
  each(document, '.pair .s[data-al]', function (el) {
    el.addEventListener('click', function () {
      var pair = el.closest('.pair');
      each(pair, '.s.on', function (x) { x.classList.remove('on'); });
      each(pair, '.s[data-al="' + el.getAttribute('data-al') + '"]', function (x) { x.classList.add('on'); });
    });
  });

  var filters = document.getElementById('finding-filters');
  if (filters) {
    var apply = function () {
      var kinds = {}, severities = {};
      each(filters, 'input[name=kind]', function (box) { kinds[box.value] = box.checked; });
      each(filters, 'input[name=severity]', function (box) { severities[box.value] = box.checked; });
      each(document, '.finding', function (f) {
        f.hidden = !(kinds[f.getAttribute('data-kind')] && severities[f.getAttribute('data-severity')]);
      });
      Object.keys(kinds).forEach(function (kind) {
        each(document, '.report mark.k-' + kind, function (m) { m.classList.toggle('off', !kinds[kind]); });
      });
    };
    filters.addEventListener('change', apply);
    filters.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
  }

  // The ingest job page polls its JSON while the job runs (without script, it refreshes itself).
  var job = document.getElementById('job-status');
  if (job && /^(queued|running)$/.test(job.getAttribute('data-job-state'))) {
    var url = job.getAttribute('data-job-url');
    var poll = function () {
      fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (data) {
          ['read', 'kept', 'skipped'].forEach(function (k) {
            document.getElementById('job-' + k).textContent = String(data[k]);
          });
          document.getElementById('job-state').textContent = data.state;
          job.setAttribute('data-job-state', data.state);
          if (data.error) {
            var err = document.getElementById('job-error');
            err.textContent = data.error;
            err.hidden = false;
          }
          if (data.state === 'done') { document.getElementById('job-done').hidden = false; }
          if (data.state === 'queued' || data.state === 'running') { setTimeout(poll, 1000); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 500);
  }
}());
