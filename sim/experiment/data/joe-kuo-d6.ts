// Sobol' direction numbers of Joe & Kuo (2008), search criterion D(6), the table they publish as
// new-joe-kuo-6.21201 (dimensions 2 to 21,201): here its first 63 rows, dimensions 2 to 64, which is
// as many uncertain parameters as a moat analysis can vary (a Saltelli design of d parameters uses a
// 2d-dimensional sequence, so d <= 32 there). Dimension 1 needs no row (all m_k = 1).
//
// Each row is [d, s, a, m_1..m_s]: the dimension, the degree s of its primitive polynomial
// x^s + c_1 x^(s-1) + ... + c_(s-1) x + 1 over GF(2), the inner coefficients packed as the bits of
// a = c_1 c_2 ... c_(s-1) (most significant first), and the initial direction numbers m_k (odd,
// m_k < 2^k). The table is data, transcribed from the authors' file; test/experiment/sobol-sequence.test.ts
// checks every polynomial is primitive, every m_k odd and below 2^k, and the sequence's first points.
//
// Source: S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better two-dimensional
// projections", SIAM J. Sci. Comput. 30 (2008) 2635-2654; file new-joe-kuo-6.21201 on
// https://web.maths.unsw.edu.au/~fkuo/sobol/ (the same rows ship with SALib and scipy).
//
// Licence of the direction numbers (reproduced as it requires):
//   Copyright (c) 2008, Frances Y. Kuo and Stephen Joe
//   All rights reserved.
//
//   Redistribution and use in source and binary forms, with or without modification, are permitted
//   provided that the following conditions are met:
//
//     * Redistributions of source code must retain the above copyright notice, this list of
//       conditions and the following disclaimer.
//
//     * Redistributions in binary form must reproduce the above copyright notice, this list of
//       conditions and the following disclaimer in the documentation and/or other materials
//       provided with the distribution.
//
//     * Neither the names of the copyright holders nor the names of the University of New South
//       Wales and the University of Waikato and its contributors may be used to endorse or promote
//       products derived from this software without specific prior written permission.
//
//   THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS ``AS IS'' AND ANY EXPRESS OR IMPLIED
//   WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS
//   FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDERS BE LIABLE FOR
//   ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT
//   NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR
//   BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT,
//   STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
//   OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

/** One row of the table: dimension, polynomial degree, packed inner coefficients, initial m_k. */
export interface DirectionRow {
  dimension: number;
  degree: number;
  coefficients: number;
  initialNumbers: readonly number[];
}

// [d, s, a, m_1 .. m_s]
const ROWS: readonly (readonly number[])[] = [
  [2, 1, 0, 1],
  [3, 2, 1, 1, 3],
  [4, 3, 1, 1, 3, 1],
  [5, 3, 2, 1, 1, 1],
  [6, 4, 1, 1, 1, 3, 3],
  [7, 4, 4, 1, 3, 5, 13],
  [8, 5, 2, 1, 1, 5, 5, 17],
  [9, 5, 4, 1, 1, 5, 5, 5],
  [10, 5, 7, 1, 1, 7, 11, 19],
  [11, 5, 11, 1, 1, 5, 1, 1],
  [12, 5, 13, 1, 1, 1, 3, 11],
  [13, 5, 14, 1, 3, 5, 5, 31],
  [14, 6, 1, 1, 3, 3, 9, 7, 49],
  [15, 6, 13, 1, 1, 1, 15, 21, 21],
  [16, 6, 16, 1, 3, 1, 13, 27, 49],
  [17, 6, 19, 1, 1, 1, 15, 7, 5],
  [18, 6, 22, 1, 3, 1, 15, 13, 25],
  [19, 6, 25, 1, 1, 5, 5, 19, 61],
  [20, 7, 1, 1, 3, 7, 11, 23, 15, 103],
  [21, 7, 4, 1, 3, 7, 13, 13, 15, 69],
  [22, 7, 7, 1, 1, 3, 13, 7, 35, 63],
  [23, 7, 8, 1, 3, 5, 9, 1, 25, 53],
  [24, 7, 14, 1, 3, 1, 13, 9, 35, 107],
  [25, 7, 19, 1, 3, 1, 5, 27, 61, 31],
  [26, 7, 21, 1, 1, 5, 11, 19, 41, 61],
  [27, 7, 28, 1, 3, 5, 3, 3, 13, 69],
  [28, 7, 31, 1, 1, 7, 13, 1, 19, 1],
  [29, 7, 32, 1, 3, 7, 5, 13, 19, 59],
  [30, 7, 37, 1, 1, 3, 9, 25, 29, 41],
  [31, 7, 41, 1, 3, 5, 13, 23, 1, 55],
  [32, 7, 42, 1, 3, 7, 3, 13, 59, 17],
  [33, 7, 50, 1, 3, 1, 3, 5, 53, 69],
  [34, 7, 55, 1, 1, 5, 5, 23, 33, 13],
  [35, 7, 56, 1, 1, 7, 7, 1, 61, 123],
  [36, 7, 59, 1, 1, 7, 9, 13, 61, 49],
  [37, 7, 62, 1, 3, 3, 5, 3, 55, 33],
  [38, 8, 14, 1, 3, 1, 15, 31, 13, 49, 245],
  [39, 8, 21, 1, 3, 5, 15, 31, 59, 63, 97],
  [40, 8, 22, 1, 3, 1, 11, 11, 11, 77, 249],
  [41, 8, 38, 1, 3, 1, 11, 27, 43, 71, 9],
  [42, 8, 47, 1, 1, 7, 15, 21, 11, 81, 45],
  [43, 8, 49, 1, 3, 7, 3, 25, 31, 65, 79],
  [44, 8, 50, 1, 3, 1, 1, 19, 11, 3, 205],
  [45, 8, 52, 1, 1, 5, 9, 19, 21, 29, 157],
  [46, 8, 56, 1, 3, 7, 11, 1, 33, 89, 185],
  [47, 8, 67, 1, 3, 3, 3, 15, 9, 79, 71],
  [48, 8, 70, 1, 3, 7, 11, 15, 39, 119, 27],
  [49, 8, 84, 1, 1, 3, 1, 11, 31, 97, 225],
  [50, 8, 97, 1, 1, 1, 3, 23, 43, 57, 177],
  [51, 8, 103, 1, 3, 7, 7, 17, 17, 37, 71],
  [52, 8, 115, 1, 3, 1, 5, 27, 63, 123, 213],
  [53, 8, 122, 1, 1, 3, 5, 11, 43, 53, 133],
  [54, 9, 8, 1, 3, 5, 5, 29, 17, 47, 173, 479],
  [55, 9, 13, 1, 3, 3, 11, 3, 1, 109, 9, 69],
  [56, 9, 16, 1, 1, 1, 5, 17, 39, 23, 5, 343],
  [57, 9, 22, 1, 3, 1, 5, 25, 15, 31, 103, 499],
  [58, 9, 25, 1, 1, 1, 11, 11, 17, 63, 105, 183],
  [59, 9, 44, 1, 1, 5, 11, 9, 29, 97, 231, 363],
  [60, 9, 47, 1, 1, 5, 15, 19, 45, 41, 7, 383],
  [61, 9, 52, 1, 3, 7, 7, 31, 19, 83, 137, 221],
  [62, 9, 55, 1, 1, 1, 3, 23, 15, 111, 223, 83],
  [63, 9, 59, 1, 1, 5, 13, 31, 15, 55, 25, 161],
  [64, 9, 62, 1, 1, 3, 13, 25, 47, 39, 87, 257],
];

/** The rows for dimensions 2..64, in order. */
export const JOE_KUO_D6: readonly DirectionRow[] = ROWS.map(([dimension, degree, coefficients, ...initialNumbers]) => ({
  dimension,
  degree,
  coefficients,
  initialNumbers,
}));

/** Highest dimension the table covers. */
export const JOE_KUO_MAX_DIMENSION = 64;
